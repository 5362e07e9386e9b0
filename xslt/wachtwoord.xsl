<?xml version="1.0" encoding="UTF-8"?>
<!-- Wachtwoord kiezen, from the mailed link. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="wachtwoord" mode="title">Wachtwoord kiezen</xsl:template>

  <xsl:template match="wachtwoord" mode="main">
    <h1>Wachtwoord kiezen</h1>
    <xsl:choose>
      <xsl:when test="invalid">
        <div class="alert" role="alert">
          <p>Deze link is verlopen of al gebruikt. Vraag een nieuwe link aan.</p>
        </div>
        <p><a href="/activeren">Nieuwe link aanvragen</a></p>
      </xsl:when>
      <xsl:otherwise>
        <p>Hallo <xsl:value-of select="roepnaam"/>, kies een wachtwoord voor je account bij
        <xsl:value-of select="school"/>. Je gebruikersnaam is <strong><xsl:value-of select="login"/></strong>.</p>
        <xsl:call-template name="error-summary"/>
        <form method="post" action="/activeren/wachtwoord" class="form">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="t" value="{t}"/>
          <input type="text" name="username" value="{login}" autocomplete="username" hidden="hidden" readonly="readonly"/>
          <div class="field">
            <label for="password">Nieuw wachtwoord</label>
            <p class="hint" id="password-hint">Minstens <xsl:value-of select="min/@n"/> tekens (spaties aan het begin en het eind tellen niet mee), niet alleen spaties en niet je gebruikersnaam. Een zin van een paar woorden is sterk en makkelijk te onthouden.</p>
            <xsl:call-template name="field-error"><xsl:with-param name="name">password</xsl:with-param></xsl:call-template>
            <input id="password" name="password" type="password" autocomplete="new-password"
                required="required" maxlength="1024" aria-describedby="password-hint">
              <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">password</xsl:with-param></xsl:call-template>
            </input>
          </div>
          <div class="field">
            <label for="password2">Nieuw wachtwoord nog een keer</label>
            <xsl:call-template name="field-error"><xsl:with-param name="name">password2</xsl:with-param></xsl:call-template>
            <input id="password2" name="password2" type="password" autocomplete="new-password"
                required="required" maxlength="1024">
              <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">password2</xsl:with-param></xsl:call-template>
            </input>
          </div>
          <p><button type="submit" class="button">Wachtwoord opslaan</button></p>
        </form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
