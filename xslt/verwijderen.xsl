<?xml version="1.0" encoding="UTF-8"?>
<!-- The decaan's confirmation before erasing a student on request (AVG
     art. 17): who, what goes, and which dossiers an MBO college already
     has.  Input (fcgi/privacy_erase.c): <verwijderen><leerling id naam
     nummer klas/><verwijderen dossiers antwoorden bijlagen documenten
     gebeurtenissen mails mails-medewerkers sessies/><geleverd><dossier
     id mbo ontvangen gezien/></geleverd><errors/>?</verwijderen>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="/verwijderen" mode="title">Leerling verwijderen: <xsl:value-of select="leerling/@naam"/></xsl:template>

  <xsl:template match="/verwijderen" mode="main">
    <xsl:variable name="n" select="verwijderen"/>
    <p class="crumbs"><a href="/">Portal</a> › <a href="/portal/leerlingen">Mijn Leerlingen</a> › <a href="/portal/leerlingen/{leerling/@id}/inzage">Inzage</a> › Verwijderen</p>
    <h1>Leerling verwijderen: <bdi><xsl:value-of select="leerling/@naam"/></bdi></h1>
    <xsl:call-template name="error-summary"/>
    <p class="lead"><bdi><xsl:value-of select="leerling/@naam"/></bdi>, leerlingnummer <xsl:value-of select="leerling/@nummer"/>
      <xsl:if test="leerling/@klas != ''">, klas <xsl:value-of select="leerling/@klas"/></xsl:if>.
      Dit doet u alleen op verzoek van de leerling of de ouders (verwijderverzoek, AVG artikel 17). Het kan niet ongedaan worden gemaakt.</p>
    <h2>Wat er verdwijnt</h2>
    <ul>
      <li>het account van de leerling, met het wachtwoord, de gekoppelde BSN, de sessies (<xsl:value-of select="$n/@sessies"/>) en de activeringslinks;</li>
      <li><xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@dossiers"/><xsl:with-param name="een">dossier</xsl:with-param><xsl:with-param name="meer">dossiers</xsl:with-param></xsl:call-template>
        met <xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@antwoorden"/><xsl:with-param name="een">antwoord</xsl:with-param><xsl:with-param name="meer">antwoorden</xsl:with-param></xsl:call-template>,
        <xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@bijlagen"/><xsl:with-param name="een">bijlage</xsl:with-param><xsl:with-param name="meer">bijlagen</xsl:with-param></xsl:call-template>,
        <xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@documenten"/><xsl:with-param name="een">opgeslagen PDF</xsl:with-param><xsl:with-param name="meer">opgeslagen PDF's</xsl:with-param></xsl:call-template>,
        het verloop (<xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@gebeurtenissen"/><xsl:with-param name="een">gebeurtenis</xsl:with-param><xsl:with-param name="meer">gebeurtenissen</xsl:with-param></xsl:call-template>) en de akkoordverklaring;</li>
      <li><xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@mails"/><xsl:with-param name="een">mail</xsl:with-param><xsl:with-param name="meer">mails</xsl:with-param></xsl:call-template> aan de leerling
        en <xsl:call-template name="aantal"><xsl:with-param name="n" select="$n/@mails-medewerkers"/><xsl:with-param name="een">mail</xsl:with-param><xsl:with-param name="meer">mails</xsl:with-param></xsl:call-template> aan medewerkers waarin de leerling genoemd wordt.</li>
    </ul>
    <p>In het logboek blijft staan dát er een leerling is verwijderd, door wie en wanneer, zonder naam of nummer van de leerling.
      Wie de dossiers heeft bekeken blijft ook bewaard, zonder de leerling; na de bewaartermijn van het logboek verdwijnt ook dat.</p>
    <xsl:if test="geleverd/dossier">
      <div class="alert" role="note">
        <h2>Let op: een mbo-school heeft het dossier al</h2>
        <ul>
          <xsl:for-each select="geleverd/dossier">
            <li>Dossier <xsl:value-of select="@id"/> is afgerond en staat klaar voor <bdi><xsl:value-of select="@mbo"/></bdi>
              <xsl:choose>
                <xsl:when test="@gezien != ''">; die school heeft het bekeken of gedownload (laatst op <xsl:call-template name="datum"><xsl:with-param name="d" select="@gezien"/></xsl:call-template>)</xsl:when>
                <xsl:when test="@ontvangen != ''">; die school heeft het ontvangen (<xsl:call-template name="datum"><xsl:with-param name="d" select="@ontvangen"/></xsl:call-template>)</xsl:when>
              </xsl:choose>.</li>
          </xsl:for-each>
        </ul>
        <p>Een mbo-school bewaart een eigen kopie. Verwijderen hier haalt die kopie niet weg: vraag de mbo-school zelf om die te verwijderen.</p>
      </div>
    </xsl:if>
    <form method="post" action="/portal/leerlingen/{leerling/@id}/verwijderen"
        data-confirm="Deze leerling en alle gegevens definitief verwijderen? Dit kan niet ongedaan worden gemaakt.">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <xsl:call-template name="field-error"><xsl:with-param name="name">bevestig</xsl:with-param></xsl:call-template>
        <label class="choice">
          <input type="checkbox" id="bevestig" name="bevestig" value="ja">
            <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">bevestig</xsl:with-param></xsl:call-template>
          </input>
          Ik verwijder <bdi><xsl:value-of select="leerling/@naam"/></bdi> en alle gegevens hierboven definitief, op verzoek van de leerling of de ouders.
        </label>
      </div>
      <p class="actions">
        <button type="submit" class="button">Definitief verwijderen</button>
        <xsl:text> </xsl:text>
        <a href="/portal/leerlingen/{leerling/@id}/inzage">Niet verwijderen</a>
      </p>
    </form>
  </xsl:template>
</xsl:stylesheet>
