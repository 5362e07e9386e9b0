<?xml version="1.0" encoding="UTF-8"?>
<!-- Signal mail to the mentor, HTML part: the words of mail-deel-a-ingediend.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat" media-type="text/html"/>

  <xsl:template match="/">
    <xsl:call-template name="html-mail"/>
  </xsl:template>

  <xsl:template match="mail" mode="mail-title">Deel A ingevuld</xsl:template>

  <xsl:template match="mail" mode="mail-html">
    <p>Beste <xsl:value-of select="normalize-space(mentor)"/>,</p>
    <p><span dir="auto"><xsl:value-of select="normalize-space(leerling)"/></span>
      <xsl:choose>
        <xsl:when test="opnieuw"> heeft deel A van het Digitaal Doorstroomdossier aangepast en opnieuw naar u opgestuurd.</xsl:when>
        <xsl:otherwise> heeft deel A van het Digitaal Doorstroomdossier ingevuld en naar u opgestuurd.</xsl:otherwise>
      </xsl:choose>
      U kunt nu deel B invullen.</p>
    <xsl:call-template name="html-button">
      <xsl:with-param name="href" select="normalize-space(link)"/>
      <xsl:with-param name="label">Naar de Portal</xsl:with-param>
    </xsl:call-template>
    <p>Met vriendelijke groet,<br/>Digitaal Doorstroomdossier, <xsl:call-template name="school-name"/></p>
  </xsl:template>
</xsl:stylesheet>
