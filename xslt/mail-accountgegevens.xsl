<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Mail met accountgegevens', text part.  Body (fcgi/page_accounts.c):
     <mail kind="accountgegevens"><roepnaam/><school/><leerlingnummer/><url/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:text>Je school gebruikt het Digitaal Doorstroomdossier om je gegevens aan je&#10;</xsl:text>
    <xsl:text>nieuwe MBO-school te geven. Zo activeer je je account:&#10;&#10;</xsl:text>
    <xsl:text>1. Ga naar </xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="concat(normalize-space(url), '/activeren')"/></xsl:call-template>
    <xsl:text>&#10;2. Kies je school: </xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;3. Vul je leerlingnummer in: </xsl:text>
    <xsl:value-of select="normalize-space(leerlingnummer)"/>
    <xsl:text>&#10;4. Je krijgt een e-mail met een link; kies daarmee je wachtwoord.&#10;</xsl:text>
    <xsl:text>5. Log in op </xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="concat(normalize-space(url), '/login')"/></xsl:call-template>
    <xsl:text> en klik op 'Activeer DDD'.&#10;&#10;</xsl:text>
    <xsl:text>Had je vorig schooljaar al een account? Dan log je gewoon in met je&#10;</xsl:text>
    <xsl:text>bekende gegevens.&#10;&#10;</xsl:text>
    <xsl:text>Vragen? Stel ze aan je mentor of aan de decaan.&#10;&#10;</xsl:text>
    <xsl:text>Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
