<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Aansporen': a reminder to fill in the akkoordverklaring.  Body
     (fcgi/page_overview.c): <mail kind="aansporen"><roepnaam/><mentor/>
     <school/><link/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;Je doorstroomdossier wacht al een tijdje op je akkoordverklaring.&#10;</xsl:text>
    <xsl:text>Zonder jouw akkoord kan je nieuwe mbo-school het dossier niet inzien.&#10;</xsl:text>
    <xsl:text>Wil je het deze week invullen?&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;Met vriendelijke groet,&#10;</xsl:text>
    <xsl:value-of select="normalize-space(mentor)"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
