<?xml version="1.0" encoding="UTF-8"?>
<!-- One step of deel A: the questions of the form definition by type,
     with the answers (or what was typed, after an error). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:f="urn:ddd:form:1" exclude-result-prefixes="f">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/questions.xsl"/>

  <xsl:variable name="step" select="/stap/dossier/@stap-id"/>

  <xsl:template match="stap" mode="title">
    <xsl:value-of select="form/step[@id = $step]/@title"/> – Deel A
  </xsl:template>

  <xsl:template match="stap" mode="main">
    <p class="crumbs"><a href="/dossiers">Mijn Dossiers</a> › Deel A</p>
    <h1><xsl:value-of select="form/step[@id = $step]/@title"/></h1>
    <xsl:if test="opgeslagen">
      <div class="notice" role="status"><p>Opgeslagen.</p></div>
    </xsl:if>
    <xsl:if test="gewijzigd">
      <div class="notice" role="status" id="gewijzigd">
        <p><strong>Je hebt je dossier teruggezet om deel A te wijzigen.</strong>
        Het staat weer in deel A. Pas in de stappen aan wat je wilt veranderen en klik daarna op
        ‘Opsturen’: je mentor krijgt dan opnieuw een bericht en kijkt deel B na. Daarna krijg je
        de akkoordverklaring opnieuw.</p>
      </div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <div class="dossier-layout">
    <nav aria-label="Stappen van deel A" class="step-nav">
      <xsl:for-each select="dossier">
        <xsl:call-template name="voortgang">
          <xsl:with-param name="dossier" select="@id"/>
          <xsl:with-param name="link" select="true()"/>
          <xsl:with-param name="huidig" select="@stap"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="dossier/@compleet and not($readonly)">
        <p><a class="button" href="/dossiers/{dossier/@id}/opsturen">Opsturen</a></p>
      </xsl:if>
    </nav>
    <div class="step-body">
    <xsl:for-each select="form/step[@id = $step]">
      <xsl:if test="intro"><p><xsl:value-of select="intro"/></p></xsl:if>
      <form method="post" action="/dossiers/{/stap/dossier/@id}/stap/{/stap/dossier/@stap}" class="form wide" novalidate="novalidate">
        <xsl:if test="question[@type = 'bijlage']">
          <xsl:attribute name="enctype">multipart/form-data</xsl:attribute>
        </xsl:if>
        <xsl:call-template name="csrf"/>
        <xsl:apply-templates select="question"/>
        <xsl:if test="not($readonly)">
          <p class="actions">
            <button type="submit" class="button secondary">Opslaan</button>
            <xsl:if test="following-sibling::step">
              <button type="submit" name="volgende" value="1" class="button">Opslaan en volgende stap</button>
            </xsl:if>
          </p>
        </xsl:if>
      </form>
    </xsl:for-each>
    </div>
    </div>
  </xsl:template>

</xsl:stylesheet>
