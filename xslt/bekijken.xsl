<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole dossier, read-only: for the student (and 'Print' with the
     browser; the PDF comes from the documents work) and for staff. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/overzicht.xsl"/>

  <xsl:template match="bekijken" mode="title">Dossier bekijken</xsl:template>

  <xsl:template match="bekijken" mode="main">
    <p class="crumbs">
      <xsl:choose>
        <xsl:when test="session/@role = 'leerling'"><a href="/dossiers">Mijn Dossiers</a></xsl:when>
        <xsl:when test="session/@role = 'mbo'"><a href="/mbo/dossiers">Afgeronde dossiers</a></xsl:when>
        <xsl:otherwise><a href="/portal/dossiers/{dossier/@id}">Dossier</a></xsl:otherwise>
      </xsl:choose> › Bekijken</p>
    <h1>Doorstroomdossier</h1>
    <xsl:if test="net-afgerond">
      <div class="notice" role="status"><p>Je hebt akkoord gegeven. Het dossier is afgerond en zichtbaar voor de mbo-school.
      Je krijgt een bevestiging per e-mail.</p></div>
    </xsl:if>
    <p>Fase: <strong><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="dossier/@fase"/></xsl:call-template></strong>,
      versie <xsl:value-of select="dossier/@versie"/>.</p>
    <xsl:if test="session/@role = 'mbo'">
      <p><a class="button secondary" href="/mbo/dossiers/{dossier/@id}/xml">Download als XML</a></p>
    </xsl:if>
    <xsl:apply-templates select="overzicht"/>
  </xsl:template>
</xsl:stylesheet>
