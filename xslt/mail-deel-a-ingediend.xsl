<?xml version="1.0" encoding="UTF-8"?>
<!-- Signal mail to the mentor: deel A was sent in (again).  Body
     (fcgi/page_dossier.c): <mail kind="deel-a-ingediend"><mentor/>
     <leerling/><school/><opnieuw/>?<link/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(mentor)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:value-of select="normalize-space(leerling)"/>
    <xsl:choose>
      <xsl:when test="opnieuw"><xsl:text> heeft deel A van het Digitaal Doorstroomdossier aangepast&#10;en opnieuw naar u opgestuurd.</xsl:text></xsl:when>
      <xsl:otherwise><xsl:text> heeft deel A van het Digitaal Doorstroomdossier ingevuld&#10;en naar u opgestuurd.</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:text> U kunt nu deel B invullen.&#10;&#10;Log in op </xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;en kies in de Portal het dossier in deel B.&#10;&#10;</xsl:text>
    <xsl:text>Met vriendelijke groet,&#10;Digitaal Doorstroomdossier, </xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
