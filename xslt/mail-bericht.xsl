<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Mail opstellen': the decaan's own text, then the account details.
     Body (fcgi/page_accounts.c): <mail kind="bericht"><roepnaam/><school/>
     <leerlingnummer/><url/><onderwerp/><tekst/><afzender/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:value-of select="tekst"/>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="normalize-space(afzender)"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;&#10;--&#10;Je leerlingnummer: </xsl:text>
    <xsl:value-of select="normalize-space(leerlingnummer)"/>
    <xsl:text>&#10;Account activeren: </xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="concat(normalize-space(url), '/activeren')"/></xsl:call-template>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
