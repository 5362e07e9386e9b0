<?xml version="1.0" encoding="UTF-8"?>
<!-- Activation mail, text part.  Body (fcgi/page_activate.c):
     <mail kind="activation"><roepnaam/><school/><link/><days n=""/></mail>;
     the sender fills in <link> as the mail leaves (fcgi/mailer.c). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:text>Je wilt je account activeren voor het Digitaal Doorstroomdossier van&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>.&#10;&#10;Klik </xsl:text>
    <xsl:call-template name="within-days"/>
    <xsl:text> op de link hieronder en kies je wachtwoord:&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:text>De link werkt één keer. Is hij verlopen? Vraag dan op de website een&#10;</xsl:text>
    <xsl:text>nieuwe aan via 'Account activeren'.&#10;&#10;</xsl:text>
    <xsl:text>Heb je dit niet zelf aangevraagd? Dan hoef je niets te doen: zonder&#10;</xsl:text>
    <xsl:text>deze link verandert er niets aan je account.&#10;&#10;</xsl:text>
    <xsl:text>Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
