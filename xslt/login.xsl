<?xml version="1.0" encoding="UTF-8"?>
<!-- Inloggen: school, gebruikersnaam (leerlingnummer or e-mail), wachtwoord. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="login" mode="title">Inloggen</xsl:template>

  <xsl:template match="login" mode="main">
    <h1>Inloggen</h1>
    <xsl:if test="notice">
      <div class="notice" role="status"><p><xsl:value-of select="notice"/></p></div>
    </xsl:if>
    <xsl:if test="message">
      <div class="alert" role="alert"><p><xsl:value-of select="message"/></p></div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="school-search">
        <xsl:call-template name="school-search"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="sso-schools"/>
        <form method="post" action="/login" class="form">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="school-select"/>
          <div class="field">
            <label for="username">Leerlingnummer of e-mailadres</label>
            <xsl:call-template name="field-error"><xsl:with-param name="name">username</xsl:with-param></xsl:call-template>
            <input id="username" name="username" type="text" autocomplete="username"
                required="required" maxlength="254" value="{form/username}">
              <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">username</xsl:with-param></xsl:call-template>
            </input>
          </div>
          <div class="field">
            <label for="password">Wachtwoord</label>
            <xsl:call-template name="field-error"><xsl:with-param name="name">password</xsl:with-param></xsl:call-template>
            <input id="password" name="password" type="password"
                autocomplete="current-password" required="required" maxlength="1024">
              <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">password</xsl:with-param></xsl:call-template>
            </input>
          </div>
          <p><button type="submit" class="button">Inloggen</button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
    <p>Nog geen account, of wachtwoord vergeten? <a>
      <xsl:attribute name="href">/activeren<xsl:if test="school-chosen">?school=<xsl:value-of select="school-chosen/@id"/></xsl:if></xsl:attribute>Account activeren</a></p>
  </xsl:template>

  <!-- Schools that log in through Entree or SURFconext (issue 18): the
       chosen school's button, or a choice of those schools. -->
  <xsl:template match="sso-schools">
    <section class="sso" aria-labelledby="sso-kop">
      <xsl:choose>
        <xsl:when test="school[@chosen]">
          <h2 id="sso-kop">Inloggen via je school</h2>
          <p><a class="button" id="sso-knop" href="/sso/start?school={school[@chosen]/@id}"><xsl:value-of select="school[@chosen]/@label"/></a>
            (<xsl:value-of select="school[@chosen]"/>)</p>
        </xsl:when>
        <xsl:otherwise>
          <h2 id="sso-kop">Inloggen via je school (Entree of SURFconext)</h2>
          <form method="get" action="/sso/start" class="form">
            <div class="field">
              <label for="sso-school">School of instelling</label>
              <select id="sso-school" name="school" required="required">
                <option value="">Kies uw school of instelling</option>
                <xsl:for-each select="school">
                  <option value="{@id}"><xsl:value-of select="."/> – <xsl:value-of select="@label"/></option>
                </xsl:for-each>
              </select>
            </div>
            <p><button type="submit" class="button" id="sso-knop">Inloggen via je school</button></p>
          </form>
        </xsl:otherwise>
      </xsl:choose>
      <h2>Of log in met je wachtwoord</h2>
    </section>
  </xsl:template>
</xsl:stylesheet>
