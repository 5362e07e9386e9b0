<?xml version="1.0" encoding="UTF-8"?>
<!-- Inloggen: school, gebruikersnaam (leerlingnummer or e-mail), wachtwoord. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="login" mode="title">Inloggen</xsl:template>

  <xsl:template match="login" mode="main">
    <h1>Inloggen</h1>
    <xsl:if test="message">
      <div class="alert" role="alert"><p><xsl:value-of select="message"/></p></div>
    </xsl:if>
    <form method="post" action="/login" class="form">
      <xsl:if test="csrf">
        <input type="hidden" name="csrf" value="{csrf}"/>
      </xsl:if>
      <div class="field">
        <label for="school">School of instelling</label>
        <select id="school" name="school" required="required">
          <option value="">Kies uw school of instelling</option>
          <xsl:for-each select="schools/school">
            <option value="{@id}">
              <xsl:if test="@id = /login/form/school"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="."/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="username">Leerlingnummer of e-mailadres</label>
        <input id="username" name="username" type="text" autocomplete="username"
            required="required" maxlength="254" value="{form/username}"/>
      </div>
      <div class="field">
        <label for="password">Wachtwoord</label>
        <input id="password" name="password" type="password"
            autocomplete="current-password" required="required" maxlength="1024"/>
      </div>
      <p><button type="submit" class="button">Inloggen</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
