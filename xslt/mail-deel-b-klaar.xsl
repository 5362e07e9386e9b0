<?xml version="1.0" encoding="UTF-8"?>
<!-- To the student: deel B is done; start the akkoordverklaring.  Body
     (fcgi/page_deel_b.c): <mail kind="deel-b-klaar"><roepnaam/><mentor/>
     <school/><link/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:value-of select="normalize-space(mentor)"/>
    <xsl:text> heeft deel B van je Digitaal Doorstroomdossier ingevuld.&#10;</xsl:text>
    <xsl:text>Je dossier staat nu klaar voor de akkoordverklaring. Log in en klik&#10;</xsl:text>
    <xsl:text>bij Mijn Dossiers op 'Start de akkoordverklaring':&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;Ben je jonger dan 18? Laat het dossier dan ook aan je ouders of&#10;</xsl:text>
    <xsl:text>verzorgers zien: zij geven samen met jou toestemming.&#10;&#10;</xsl:text>
    <xsl:text>Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
