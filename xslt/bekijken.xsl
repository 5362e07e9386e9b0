<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole dossier, read-only: for the student, for staff and for
     the MBO, with the PDF buttons ('Deel A', 'Deel B', 'Print'). -->
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
    <xsl:choose>
      <xsl:when test="session/@role = 'mbo'">
        <p class="actions documents">
          <a class="button" href="/mbo/dossiers/{dossier/@id}/dossier.pdf" type="application/pdf">Download als PDF</a>
          <xsl:text> </xsl:text>
          <a class="button secondary" href="/mbo/dossiers/{dossier/@id}/xml" type="application/xml">Download als XML</a>
        </p>
        <xsl:for-each select="pdf">
          <p class="fingerprint">De PDF is opgeslagen op <xsl:call-template name="datum"><xsl:with-param name="d" select="@opgeslagen"/></xsl:call-template>
            en verandert niet meer. SHA-256 van het PDF-bestand: <code><xsl:value-of select="@sha256"/></code>.
            Kenmerk van de inhoud (staat op de PDF): <code><xsl:value-of select="@kenmerk"/></code>.</p>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="session/@role = 'leerling'">
        <xsl:call-template name="pdf-knoppen">
          <xsl:with-param name="base" select="concat('/dossiers/', dossier/@id)"/>
          <xsl:with-param name="fase" select="dossier/@fase"/>
          <xsl:with-param name="leerling" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="pdf-knoppen">
          <xsl:with-param name="base" select="concat('/portal/dossiers/', dossier/@id)"/>
          <xsl:with-param name="fase" select="dossier/@fase"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates select="overzicht"/>
  </xsl:template>
</xsl:stylesheet>
