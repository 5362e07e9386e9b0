<?xml version="1.0" encoding="UTF-8"?>
<!-- Mijn Dossiers: the student's dossiers with their phase and the
     percentage of each step; 'Nieuw dossier'. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="dossiers" mode="title">Mijn Dossiers</xsl:template>

  <xsl:template match="dossiers" mode="main">
    <h1>Mijn Dossiers</h1>
    <xsl:if test="opgestuurd">
      <div class="notice" role="status"><p>Deel A is opgestuurd naar je mentor.</p></div>
    </xsl:if>
    <xsl:if test="nieuw-mogelijk">
      <form method="post" action="/dossiers/nieuw" class="actions">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="button">Nieuw dossier</button>
      </form>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="not(lijst/dossier)">
        <p>Je hebt nog geen dossier. Klik op ‘Nieuw dossier’ om deel A in te vullen.</p>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="lijst/dossier">
          <section class="block dossier" aria-labelledby="d{@id}">
            <h2 id="d{@id}">Dossier <xsl:value-of select="position()"/>
              <xsl:if test="@mbo != ''"> – <bdi><xsl:value-of select="@mbo"/></bdi></xsl:if></h2>
            <p>Fase: <strong><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@fase"/></xsl:call-template></strong>
              <xsl:if test="@gearchiveerd = '1'"> (gearchiveerd)</xsl:if>
              <xsl:if test="@mentor != ''">. Mentor: <bdi><xsl:value-of select="@mentor"/></bdi></xsl:if></p>
            <xsl:if test="@door-mentor and @fase = 'deel_a'">
              <p class="hint">Je mentor is dit dossier alvast begonnen. Vul hier deel A in.</p>
            </xsl:if>
            <xsl:call-template name="voortgang"><xsl:with-param name="dossier" select="@id"/>
              <xsl:with-param name="link" select="@fase = 'deel_a' and @gearchiveerd = '0'"/></xsl:call-template>
            <xsl:if test="@gearchiveerd = '1'">
              <form method="post" action="/dossiers/{@id}/activeren" class="actions">
                <xsl:call-template name="csrf"/>
                <button type="submit" class="button secondary">Opnieuw activeren</button>
              </form>
            </xsl:if>
            <xsl:if test="@fase = 'akkoord' and @gearchiveerd = '0'">
              <p class="actions">
                <a class="button" href="/dossiers/{@id}/akkoord">Start de akkoordverklaring</a>
              </p>
              <form method="post" action="/dossiers/{@id}/akkoord" class="actions">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="versie" value="{@versie}"/>
                <button type="submit" name="actie" value="wijzigen" class="button secondary"
                  data-confirm="Je dossier terugzetten naar deel A om het te wijzigen? Daarna stuur je het opnieuw op naar je mentor.">Wijzigen</button>
              </form>
            </xsl:if>
            <xsl:if test="@fase = 'afgerond'">
              <p class="actions"><a class="button" href="/dossiers/{@id}/dossier.pdf" type="application/pdf">Print<span class="visually-hidden"> het afgeronde dossier als PDF</span> (PDF)</a>
                <xsl:text> </xsl:text><a class="button secondary" href="/dossiers/{@id}/bekijken">Bekijken</a></p>
            </xsl:if>
            <xsl:if test="@fase = 'deel_a' and @gearchiveerd = '0'">
              <p class="actions">
                <a class="button" href="/dossiers/{@id}/stap/1">Deel A invullen</a>
                <xsl:if test="@compleet"> <a class="button secondary" href="/dossiers/{@id}/opsturen">Opsturen</a></xsl:if>
              </p>
            </xsl:if>
          </section>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
