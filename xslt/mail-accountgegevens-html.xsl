<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Mail met accountgegevens', HTML part: the words of mail-accountgegevens.xsl. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat" media-type="text/html"/>

  <xsl:template match="/">
    <xsl:call-template name="html-mail"/>
  </xsl:template>

  <xsl:template match="mail" mode="mail-title">Je account voor het Digitaal Doorstroomdossier</xsl:template>

  <xsl:template match="mail" mode="mail-html">
    <p>Beste <xsl:value-of select="normalize-space(roepnaam)"/>,</p>
    <p>Je school gebruikt het Digitaal Doorstroomdossier om je gegevens aan je nieuwe MBO-school
      te geven. Zo activeer je je account:</p>
    <ol>
      <li>Ga naar de website (de knop hieronder).</li>
      <li>Kies je school: <xsl:call-template name="school-name"/>.</li>
      <li>Vul je leerlingnummer in: <strong><xsl:value-of select="normalize-space(leerlingnummer)"/></strong>.</li>
      <li>Je krijgt een e-mail met een link; kies daarmee je wachtwoord.</li>
      <li>Log in en klik op ‘Activeer DDD’.</li>
    </ol>
    <xsl:call-template name="html-button">
      <xsl:with-param name="href" select="concat(normalize-space(url), '/activeren')"/>
      <xsl:with-param name="label">Account activeren</xsl:with-param>
    </xsl:call-template>
    <p>Had je vorig schooljaar al een account? Dan log je gewoon in met je bekende gegevens.</p>
    <p>Vragen? Stel ze aan je mentor of aan de decaan.</p>
    <p>Met vriendelijke groet,<br/><xsl:call-template name="school-name"/></p>
  </xsl:template>
</xsl:stylesheet>
