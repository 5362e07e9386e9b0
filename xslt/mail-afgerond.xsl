<?xml version="1.0" encoding="UTF-8"?>
<!-- Confirmation to the student after 'Akkoord'.  Body (fcgi/page_akkoord.c):
     <mail kind="afgerond"><roepnaam/><school/><link/><bijlage/>?</mail>;
     bijlage: the final PDF is attached (fcgi/mailer.c adds it). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>

  <xsl:template match="/mail">
    <xsl:text>Beste </xsl:text>
    <xsl:value-of select="normalize-space(roepnaam)"/>
    <xsl:text>,&#10;&#10;</xsl:text>
    <xsl:text>Je hebt akkoord gegeven op je Digitaal Doorstroomdossier. Het dossier is&#10;</xsl:text>
    <xsl:text>afgerond en de mbo-school die je koos kan het nu inzien.&#10;&#10;</xsl:text>
    <xsl:if test="bijlage">
      <xsl:text>Het afgeronde dossier zit als PDF bij deze mail.&#10;&#10;</xsl:text>
    </xsl:if>
    <xsl:text>Je kunt het dossier altijd bekijken en printen:&#10;&#10;</xsl:text>
    <xsl:call-template name="safe-link"><xsl:with-param name="href" select="normalize-space(link)"/></xsl:call-template>
    <xsl:text>&#10;&#10;Veel succes op je nieuwe school!&#10;&#10;Met vriendelijke groet,&#10;</xsl:text>
    <xsl:call-template name="school-name"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:call-template name="text-footer"/>
  </xsl:template>
</xsl:stylesheet>
