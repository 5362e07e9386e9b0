<?xml version="1.0" encoding="UTF-8"?>
<!-- Account activeren: school + leerlingnummer (or e-mail for staff); we
     mail a link to choose a password.  The answer is the same whether the
     account exists or not. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="activeren" mode="title">Account activeren</xsl:template>

  <xsl:template match="activeren" mode="main">
    <h1>Account activeren</h1>
    <xsl:choose>
      <xsl:when test="sent">
        <div class="notice" role="status">
          <p>Als deze gegevens bij ons bekend zijn, sturen we binnen een paar minuten een e-mail
          met een link om je wachtwoord te kiezen. De link werkt één keer en is een week geldig.</p>
          <p>Geen e-mail gekregen? Kijk ook bij ongewenste e-mail (spam). Komt er niets, vraag dan
          je mentor of decaan of je e-mailadres goed in de leerlinglijst staat.</p>
        </div>
        <p><a href="/login">Naar inloggen</a></p>
      </xsl:when>
      <xsl:otherwise>
        <p>Kies je school en vul je leerlingnummer in. Medewerkers vullen hun e-mailadres in.
        Heb je vorig schooljaar al een account geactiveerd? Dan kun je gewoon
        <a href="/login">inloggen</a> met je bekende wachtwoord.</p>
        <xsl:if test="message">
          <div class="alert" role="alert"><p><xsl:value-of select="message"/></p></div>
        </xsl:if>
        <xsl:call-template name="error-summary"/>
        <xsl:choose>
          <xsl:when test="school-search">
            <xsl:call-template name="school-search"/>
          </xsl:when>
          <xsl:otherwise>
            <form method="post" action="/activeren" class="form">
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
              <p><button type="submit" class="button">Stuur mij de link</button></p>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
