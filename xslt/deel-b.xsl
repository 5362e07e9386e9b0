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
      <a href="/portal/dossiers/{dossier/@id}"><bdi><xsl:value-of select="dossier/@leerling"/></bdi></a></p>
    <h1><xsl:value-of select="form/step[@id = $step]/@title"/></h1>
    <p class="lead">Deel B voor <strong><bdi><xsl:value-of select="dossier/@leerling"/></bdi></strong>
      <xsl:if test="dossier/@klas != ''"> (<xsl:value-of select="dossier/@klas"/>)</xsl:if>,
      <xsl:value-of select="form/@title"/>.</p>
    <xsl:if test="opgeslagen"><div class="notice" role="status"><p>Opgeslagen.</p>
      <xsl:if test="dossier/@compleet and dossier/@fase = 'deel_b' and not(dossier/@gearchiveerd)">
        <p>Beide delen van deel B zijn nu helemaal ingevuld: u kunt het dossier <a href="#opsturen-kop">opsturen naar de leerling</a>.</p>
      </xsl:if></div></xsl:if>
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
        <xsl:call-template name="opsturen"/>
      </div>
    </div>
  </xsl:template>

  <!-- 'Opsturen naar leerling' in the main content (the side navigation
       has it too): the button once both parts are at 100%, else what is
       still missing, with links to those steps. -->
  <xsl:template name="opsturen">
    <xsl:variable name="d" select="/deel-b/dossier"/>
    <xsl:if test="not($d/@gearchiveerd) and ($d/@fase = 'deel_b' or $d/@fase = 'deel_a')">
      <section class="block send" aria-labelledby="opsturen-kop">
        <h2 id="opsturen-kop">Opsturen naar leerling</h2>
        <xsl:variable name="open" select="$d/voortgang/stap[@percent &lt; 100]"/>
        <xsl:choose>
          <xsl:when test="$d/@fase = 'deel_b' and $d/@compleet">
            <p>Beide delen van deel B zijn helemaal ingevuld. De leerling krijgt een bericht om de akkoordverklaring in te vullen.</p>
            <form method="post" action="/portal/dossiers/{$d/@id}/opsturen">
              <xsl:call-template name="csrf"/>
              <button type="submit" class="button">Opsturen naar leerling</button>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <p>
              <xsl:if test="$d/@fase = 'deel_a'">Dat kan zodra de leerling deel A heeft opgestuurd. </xsl:if>
              <xsl:if test="$open">
                <xsl:choose>
                  <xsl:when test="$d/@fase = 'deel_a'">Daarna moeten beide delen voor 100% zijn ingevuld; nog niet helemaal: </xsl:when>
                  <xsl:otherwise>Dat kan als beide delen voor 100% zijn ingevuld. Nog niet helemaal ingevuld: </xsl:otherwise>
                </xsl:choose>
                <xsl:for-each select="$open">
                  <a href="/portal/dossiers/{$d/@id}/deel-b/{@nr}"><xsl:value-of select="@titel"/></a>
                  <xsl:text> (</xsl:text><xsl:value-of select="@percent"/><xsl:text>%)</xsl:text>
                  <xsl:choose>
                    <xsl:when test="position() = last()">.</xsl:when>
                    <xsl:when test="position() = last() - 1"> en </xsl:when>
                    <xsl:otherwise>, </xsl:otherwise>
                  </xsl:choose>
                </xsl:for-each>
              </xsl:if>
            </p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
