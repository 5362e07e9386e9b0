<?xml version="1.0" encoding="UTF-8"?>
<!-- De akkoordverklaring: deel A and deel B to read, remarks, 'Akkoord'
     (with a parent or guardian under the tenant's age) or 'Wijzigen'. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/overzicht.xsl"/>

  <xsl:template match="akkoord" mode="title">Akkoordverklaring</xsl:template>

  <xsl:template match="akkoord" mode="main">
    <p class="crumbs"><a href="/dossiers">Mijn Dossiers</a> › Akkoordverklaring</p>
    <h1>Akkoordverklaring</h1>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="dossier/@fase != 'akkoord'">
        <p>Dit dossier staat niet in de akkoordverklaring.</p>
        <p><a href="/dossiers">Terug naar Mijn Dossiers</a></p>
      </xsl:when>
      <xsl:otherwise>
        <p>Lees deel A en deel B hieronder goed door. Ben je het niet eens met wat je mentor in
        deel B schreef? Neem dan contact op met je mentor, of schrijf je toelichting bij de opmerkingen.</p>
        <p><a href="#akkoord-kop">Meteen naar ‘Akkoord geven’</a> (onder deel A en deel B)</p>
        <xsl:call-template name="pdf-knoppen">
          <xsl:with-param name="base" select="concat('/dossiers/', dossier/@id)"/>
          <xsl:with-param name="fase" select="dossier/@fase"/>
          <xsl:with-param name="leerling" select="true()"/>
        </xsl:call-template>
        <xsl:apply-templates select="overzicht"/>
        <section aria-labelledby="akkoord-kop" class="block">
          <h2 id="akkoord-kop">Akkoord geven</h2>
          <form method="post" action="/dossiers/{dossier/@id}/akkoord" class="form wide">
            <xsl:call-template name="csrf"/>
            <input type="hidden" name="versie" value="{dossier/@versie}"/>
            <div class="field">
              <label for="opmerkingen">Opmerkingen (niet verplicht)</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">opmerkingen</xsl:with-param></xsl:call-template>
              <textarea id="opmerkingen" name="opmerkingen" rows="4" maxlength="2000" dir="auto"><xsl:value-of select="form/opmerkingen"/></textarea>
            </div>
            <xsl:if test="dossier/@ouder-nodig">
              <fieldset id="ouder">
                <legend>Je ouder of verzorger</legend>
                <p class="hint">Je bent jonger dan <xsl:value-of select="dossier/@leeftijd"/> jaar. Laat het dossier aan je ouder
                of verzorger zien: die geeft toestemming dat de gegevens met de mbo-school worden gedeeld.</p>
                <xsl:call-template name="text-field"><xsl:with-param name="name">ouder_naam</xsl:with-param><xsl:with-param name="label">Naam van je ouder of verzorger</xsl:with-param></xsl:call-template>
                <div class="field" id="ouder_relatie">
                  <label for="ouder_relatie_k">Wie is dat?</label>
                  <xsl:call-template name="field-error"><xsl:with-param name="name">ouder_relatie</xsl:with-param></xsl:call-template>
                  <select id="ouder_relatie_k" name="ouder_relatie">
                    <option value="">Kies</option>
                    <xsl:call-template name="relatie"><xsl:with-param name="v">moeder</xsl:with-param><xsl:with-param name="t">Moeder</xsl:with-param></xsl:call-template>
                    <xsl:call-template name="relatie"><xsl:with-param name="v">vader</xsl:with-param><xsl:with-param name="t">Vader</xsl:with-param></xsl:call-template>
                    <xsl:call-template name="relatie"><xsl:with-param name="v">verzorger</xsl:with-param><xsl:with-param name="t">Verzorger</xsl:with-param></xsl:call-template>
                    <xsl:call-template name="relatie"><xsl:with-param name="v">voogd</xsl:with-param><xsl:with-param name="t">Voogd</xsl:with-param></xsl:call-template>
                    <xsl:call-template name="relatie"><xsl:with-param name="v">anders</xsl:with-param><xsl:with-param name="t">Iemand anders</xsl:with-param></xsl:call-template>
                  </select>
                </div>
                <div class="choice" id="ouder_akkoord">
                  <input type="checkbox" name="ouder_akkoord" id="ouder_akkoord_k" value="ja"/>
                  <label for="ouder_akkoord_k">Ik ben de ouder of verzorger, ik heb het dossier gezien en ik geef toestemming</label>
                </div>
                <xsl:call-template name="field-error"><xsl:with-param name="name">ouder_akkoord</xsl:with-param></xsl:call-template>
              </fieldset>
            </xsl:if>
            <div class="choice" id="akkoord">
              <input type="checkbox" name="akkoord" id="akkoord_k" value="ja"/>
              <label for="akkoord_k">Ik ga akkoord met dit dossier (versie <xsl:value-of select="dossier/@versie"/>)</label>
            </div>
            <xsl:call-template name="field-error"><xsl:with-param name="name">akkoord</xsl:with-param></xsl:call-template>
            <p class="actions">
              <button type="submit" name="actie" value="akkoord" class="button">Akkoord</button>
              <button type="submit" name="actie" value="wijzigen" class="button secondary"
                data-confirm="Je dossier terugzetten naar deel A om het te wijzigen? Daarna stuur je het opnieuw op naar je mentor.">Wijzigen</button>
            </p>
            <p class="hint">‘Wijzigen’ zet het dossier terug naar deel A. Als je het opnieuw opstuurt, krijgt je mentor een bericht.</p>
          </form>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="relatie">
    <xsl:param name="v"/>
    <xsl:param name="t"/>
    <option value="{$v}"><xsl:if test="$v = /akkoord/form/ouder_relatie"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="$t"/></option>
  </xsl:template>
</xsl:stylesheet>
