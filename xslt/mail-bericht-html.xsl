<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Mail opstellen', HTML part: the text as typed, paragraph per blank line. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat" media-type="text/html"/>

  <xsl:template match="/">
    <xsl:call-template name="html-mail"/>
  </xsl:template>

  <xsl:template match="mail" mode="mail-title"><xsl:value-of select="onderwerp"/></xsl:template>

  <xsl:template match="mail" mode="mail-html">
    <p style="white-space: pre-line" dir="auto"><xsl:value-of select="tekst"/></p>
    <p><span dir="auto"><xsl:value-of select="normalize-space(afzender)"/></span><br/><xsl:call-template name="school-name"/></p>
    <p>Je leerlingnummer: <strong><xsl:value-of select="normalize-space(leerlingnummer)"/></strong></p>
    <xsl:call-template name="html-button">
      <xsl:with-param name="href" select="concat(normalize-space(url), '/activeren')"/>
      <xsl:with-param name="label">Account activeren</xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
