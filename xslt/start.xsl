<?xml version="1.0" encoding="UTF-8"?>
<!-- The student's start page after log-in: the blocks, among them the
     Digitaal Doorstroomdossier with 'Activeer DDD'. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="start" mode="title">Start</xsl:template>

  <xsl:template match="start" mode="main">
    <h1>Welkom, <xsl:value-of select="session/@roepnaam"/></h1>
    <div class="blocks">
      <section class="block" aria-labelledby="ddd-kop">
        <h2 id="ddd-kop">Digitaal Doorstroomdossier</h2>
        <xsl:choose>
          <xsl:when test="ddd/@active = 'yes'">
            <p>Je Digitaal Doorstroomdossier is geactiveerd. Je BSN is gekoppeld.</p>
            <p><a class="button" href="/dossiers">Mijn Dossiers</a></p>
          </xsl:when>
          <xsl:otherwise>
            <p>Met het doorstroomdossier geef je je nieuwe MBO-school de informatie die zij nodig
            heeft. Activeer het eerst.</p>
            <xsl:if test="ddd/@bsn = 'no'">
              <p class="hint">We vragen daarna om je BSN (burgerservicenummer) of onderwijsnummer, als dat nog niet bekend is.</p>
            </xsl:if>
            <form method="post" action="/ddd/activeren">
              <xsl:call-template name="csrf"/>
              <button type="submit" class="button">Activeer DDD</button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </section>
      <section class="block" aria-labelledby="account-kop">
        <h2 id="account-kop">Mijn account</h2>
        <p><bdi><xsl:value-of select="session/@naam"/></bdi>
          <xsl:if test="klas">, klas <xsl:value-of select="klas"/></xsl:if><br/>
          <bdi><xsl:value-of select="session/@tenant"/></bdi></p>
        <p><a href="/mijn-gegevens">Mijn gegevens: zien wat de school over mij bewaart</a></p>
        <form method="post" action="/uitloggen">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="overal" value="1"/>
          <button type="submit" class="button secondary">Overal uitloggen</button>
        </form>
      </section>
    </div>
  </xsl:template>
</xsl:stylesheet>
