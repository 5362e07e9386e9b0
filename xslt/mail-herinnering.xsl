<?xml version="1.0" encoding="UTF-8"?>
<!-- Deadline reminder.  Body (fcgi/reminders.c): <mail kind="herinnering">
     <fase/><deadline/><roepnaam/><leerling/><school/><link/></mail> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:variable name="d" select="concat(substring(deadline, 9, 2), '-', substring(deadline, 6, 2), '-', substring(deadline, 1, 4))"/>
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:choose>
      <xsl:when test="fase = 'deel_b'">
        <xsl:text>Deel B van het doorstroomdossier van </xsl:text>
        <xsl:value-of select="normalize-space(leerling)"/>
        <xsl:text> moet uiterlijk&#10;</xsl:text><xsl:value-of select="$d"/><xsl:text> ingevuld zijn.</xsl:text>
      </xsl:when>
      <xsl:when test="fase = 'deel_a'">
        <xsl:text>Deel A van je doorstroomdossier moet uiterlijk </xsl:text><xsl:value-of select="$d"/>
        <xsl:text>&#10;ingevuld en opgestuurd zijn.</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>Je akkoordverklaring moet uiterlijk </xsl:text><xsl:value-of select="$d"/>
        <xsl:text> ingevuld zijn.&#10;Zonder jouw akkoord ziet je mbo-school het dossier niet.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
