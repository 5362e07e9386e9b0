<?xml version="1.0" encoding="UTF-8"?>
<!-- Deel B: the leerling-specifieke and the dossier-specifieke part, step
     by step, with 'Opsturen naar leerling' at 100% on both. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/questions.xsl"/>

  <xsl:variable name="step" select="/deel-b/dossier/@stap-id"/>

  <xsl:template match="deel-b" mode="title">
    <xsl:value-of select="form/step[@id = $step]/@title"/> – Deel B – <xsl:value-of select="dossier/@leerling"/>
  </xsl:template>

  <xsl:template match="deel-b" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › <xsl:call-template name="staff-lijst"/> ›
      <a href="/portal/dossiers/{dossier/@id}"><xsl:value-of select="dossier/@leerling"/></a></p>
    <h1><xsl:value-of select="form/step[@id = $step]/@title"/></h1>
    <p class="lead">Deel B voor <strong><xsl:value-of select="dossier/@leerling"/></strong>
      <xsl:if test="dossier/@klas != ''"> (<xsl:value-of select="dossier/@klas"/>)</xsl:if>,
      <xsl:value-of select="form/@title"/>.</p>
    <xsl:if test="opgeslagen"><div class="notice" role="status"><p>Opgeslagen.</p></div></xsl:if>
    <xsl:if test="alleen-lezen and dossier/@deel = 'dossier'">
      <div class="notice" role="status"><p>Het dossier specifieke deel opent zodra de leerling deel A heeft opgestuurd.</p></div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <div class="dossier-layout">
      <nav aria-label="Stappen van deel B" class="step-nav">
        <xsl:for-each select="dossier/voortgang">
          <h2 class="nav-part"><xsl:value-of select="@titel"/></h2>
          <xsl:call-template name="voortgang">
            <xsl:with-param name="dossier" select="../@id"/>
            <xsl:with-param name="link" select="true()"/>
            <xsl:with-param name="huidig" select="../@stap"/>
            <xsl:with-param name="base" select="concat('/portal/dossiers/', ../@id, '/deel-b/')"/>
          </xsl:call-template>
        </xsl:for-each>
        <p class="actions documents"><a class="button secondary" href="/portal/dossiers/{dossier/@id}/deel-a.pdf" type="application/pdf">Deel A<span class="visually-hidden"> als PDF</span> (PDF)</a></p>
        <xsl:if test="dossier/@compleet and dossier/@fase = 'deel_b'">
          <form method="post" action="/portal/dossiers/{dossier/@id}/opsturen">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="button">Opsturen naar leerling</button>
          </form>
        </xsl:if>
      </nav>
      <div class="step-body">
        <xsl:for-each select="form/step[@id = $step]">
          <xsl:if test="intro"><p><xsl:value-of select="intro"/></p></xsl:if>
          <form method="post" action="/portal/dossiers/{/deel-b/dossier/@id}/deel-b/{/deel-b/dossier/@stap}" class="form wide" novalidate="novalidate">
            <xsl:call-template name="csrf"/>
            <xsl:apply-templates select="question"/>
            <xsl:if test="not($readonly)">
              <p class="actions">
                <button type="submit" class="button secondary">Opslaan</button>
                <button type="submit" name="volgende" value="1" class="button">Opslaan en volgende stap</button>
              </p>
            </xsl:if>
          </form>
        </xsl:for-each>
      </div>
    </div>
  </xsl:template>
</xsl:stylesheet>
