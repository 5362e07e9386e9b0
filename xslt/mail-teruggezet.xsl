<?xml version="1.0" encoding="UTF-8"?>
<!-- To the student: the mentor put the dossier back to deel A, with the
     reason.  Body (fcgi/page_deel_b.c): <mail kind="teruggezet"><roepnaam/>
     <mentor/><school/><reden/><link/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:value-of select="normalize-space(mentor)"/>
    <xsl:text> heeft je Digitaal Doorstroomdossier teruggezet, zodat je deel A&#10;</xsl:text>
    <xsl:text>kunt aanpassen. De reden:&#10;&#10;</xsl:text>
    <xsl:value-of select="reden"/>
    <xsl:text>&#10;&#10;Pas deel A aan en stuur het daarna opnieuw op:&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
