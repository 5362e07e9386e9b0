<?xml version="1.0" encoding="UTF-8"?>
<!-- Activation mail, HTML part: the same words as mail-activation.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat" media-type="text/html"/>

  <xsl:template match="/">
    <xsl:call-template name="html-mail"/>
  </xsl:template>

  <xsl:template match="mail" mode="mail-title">Kies je wachtwoord</xsl:template>

  <xsl:template match="mail" mode="mail-html">
    <p>Beste <xsl:value-of select="normalize-space(roepnaam)"/>,</p>
    <p>Je wilt je account activeren voor het Digitaal Doorstroomdossier van
      <xsl:call-template name="school-name"/>. Klik <xsl:call-template name="within-days"/>
      op de knop hieronder en kies je wachtwoord.</p>
    <xsl:call-template name="html-button">
      <xsl:with-param name="href" select="normalize-space(link)"/>
      <xsl:with-param name="label">Wachtwoord kiezen</xsl:with-param>
    </xsl:call-template>
    <p>De link werkt één keer. Is hij verlopen? Vraag dan op de website een nieuwe aan via
      ‘Account activeren’.</p>
    <p>Heb je dit niet zelf aangevraagd? Dan hoef je niets te doen: zonder deze link
      verandert er niets aan je account.</p>
    <p>Met vriendelijke groet,<br/><xsl:call-template name="school-name"/></p>
  </xsl:template>
</xsl:stylesheet>
