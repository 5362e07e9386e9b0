<?xml version="1.0" encoding="UTF-8"?>
<!-- One dossier for the mentor or decaan: progress of deel B, the three
     options (terugzetten, archiveren, verloop) and 'Opsturen naar
     leerling'. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="deel-b-overzicht" mode="title">Dossier van <xsl:value-of select="dossier/@leerling"/></xsl:template>

  <xsl:template match="deel-b-overzicht" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › <xsl:call-template name="staff-lijst"/> › <bdi><xsl:value-of select="dossier/@leerling"/></bdi></p>
    <h1>Dossier van <bdi><xsl:value-of select="dossier/@leerling"/></bdi></h1>
    <xsl:if test="al-gestart">
      <div class="notice" role="status"><p>Deze leerling heeft al een dossier; er is geen tweede gemaakt. U ziet hier het dossier dat er al was.</p></div>
    </xsl:if>
    <p>Fase: <strong><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="dossier/@fase"/></xsl:call-template></strong>
      <xsl:if test="dossier/@gearchiveerd"> (gearchiveerd)</xsl:if>, versie <xsl:value-of select="dossier/@versie"/>.</p>
    <p><a href="/portal/dossiers/{dossier/@id}/bekijken">Bekijk deel A en deel B</a></p>
    <xsl:call-template name="pdf-knoppen">
      <xsl:with-param name="base" select="concat('/portal/dossiers/', dossier/@id)"/>
      <xsl:with-param name="fase" select="dossier/@fase"/>
    </xsl:call-template>
    <xsl:call-template name="error-summary"/>
    <xsl:for-each select="dossier/voortgang">
      <h2><xsl:value-of select="@titel"/></h2>
      <xsl:call-template name="voortgang">
        <xsl:with-param name="dossier" select="../@id"/>
        <xsl:with-param name="link" select="true()"/>
        <xsl:with-param name="base" select="concat('/portal/dossiers/', ../@id, '/deel-b/')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="dossier/@fase = 'deel_b' and not(dossier/@gearchiveerd)">
      <div class="blocks">
        <section class="block" aria-labelledby="opsturen-kop">
          <h2 id="opsturen-kop">Opsturen naar leerling</h2>
          <xsl:choose>
            <xsl:when test="dossier/@compleet">
              <p>Deel B is helemaal ingevuld. De leerling krijgt een bericht om de akkoordverklaring in te vullen.</p>
              <form method="post" action="/portal/dossiers/{dossier/@id}/opsturen" id="opsturen">
                <xsl:call-template name="csrf"/>
                <button type="submit" class="button">Opsturen naar leerling</button>
              </form>
            </xsl:when>
            <xsl:otherwise><p id="opsturen">Vul eerst beide delen van deel B voor 100% in.</p></xsl:otherwise>
          </xsl:choose>
        </section>
        <section class="block" aria-labelledby="terug-kop">
          <h2 id="terug-kop">Terugzetten naar de leerling</h2>
          <p>Bijvoorbeeld om deel A aan te vullen, of als de verkeerde mentor is gekozen. De leerling krijgt de reden te zien.</p>
          <form method="post" action="/portal/dossiers/{dossier/@id}/terugzetten"
              data-confirm="Het dossier terugzetten naar de leerling? De leerling krijgt een bericht met uw reden en moet deel A opnieuw opsturen.">
            <xsl:call-template name="csrf"/>
            <div class="field">
              <label for="reden">Reden</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">reden</xsl:with-param></xsl:call-template>
              <textarea id="reden" name="reden" rows="3" maxlength="1000" dir="auto">
                <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">reden</xsl:with-param></xsl:call-template>
                <xsl:value-of select="form/reden"/>
              </textarea>
            </div>
            <button type="submit" class="button secondary">Terugzetten</button>
          </form>
        </section>
      </div>
    </xsl:if>
    <xsl:if test="not(dossier/@gearchiveerd)">
      <section aria-labelledby="archief-kop">
        <h2 id="archief-kop">Archiveren</h2>
        <p>Een gearchiveerd dossier telt niet meer mee in de overzichten, maar blijft bestaan. De leerling kan het weer activeren.</p>
        <form method="post" action="/portal/dossiers/{dossier/@id}/archiveren"
            data-confirm="Dit dossier archiveren? Het telt dan niet meer mee in de overzichten. De leerling kan het weer activeren.">
          <xsl:call-template name="csrf"/>
          <button type="submit" class="button secondary">Archiveren</button>
        </form>
      </section>
    </xsl:if>
    <section aria-labelledby="verloop-kop">
      <h2 id="verloop-kop">Verloop</h2>
      <ol class="history">
        <!-- A run of 'stap opgeslagen' by one person is one line, with
             the time of the last save and how many there were. -->
        <xsl:for-each select="verloop/gebeurtenis[not(@soort = 'stap_opgeslagen' and
            following-sibling::gebeurtenis[1]/@soort = 'stap_opgeslagen' and
            following-sibling::gebeurtenis[1]/@door = @door)]">
          <li><time datetime="{@op}"><xsl:value-of select="substring(@op, 9, 2)"/>-<xsl:value-of select="substring(@op, 6, 2)"/>-<xsl:value-of select="substring(@op, 1, 4)"/><xsl:text> </xsl:text><xsl:value-of select="substring(@op, 12, 5)"/></time>:
            <xsl:call-template name="gebeurtenis-naam"/>
            <xsl:if test="@soort = 'stap_opgeslagen'">
              <xsl:variable name="n"><xsl:call-template name="opgeslagen-reeks"/></xsl:variable>
              <xsl:if test="$n &gt; 1"> (<xsl:value-of select="$n"/> keer)</xsl:if>
            </xsl:if>
            <xsl:if test="@door != ''"> door <bdi><xsl:value-of select="@door"/></bdi></xsl:if>
            <xsl:if test="@soort != 'stap_opgeslagen' and . != ''"> – <bdi><xsl:value-of select="."/></bdi></xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <!-- How many 'stap opgeslagen' by the same person end at this event. -->
  <xsl:template name="opgeslagen-reeks">
    <xsl:param name="n" select="1"/>
    <xsl:variable name="prev" select="preceding-sibling::gebeurtenis[1]"/>
    <xsl:choose>
      <xsl:when test="$prev/@soort = 'stap_opgeslagen' and $prev/@door = @door">
        <xsl:for-each select="$prev">
          <xsl:call-template name="opgeslagen-reeks"><xsl:with-param name="n" select="$n + 1"/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
