<?xml version="1.0" encoding="UTF-8"?>
<!-- Dashboard: dossiers per phase (numbers and a bar picture), the
     deadlines with how many dossiers are past them, the MBOs and whether
     each takes part. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svg="http://www.w3.org/2000/svg" exclude-result-prefixes="svg">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="dashboard" mode="title">Dashboard</xsl:template>

  <xsl:template match="dashboard" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Dashboard</p>
    <h1>Dashboard</h1>
    <xsl:variable name="max">
      <xsl:for-each select="fasen/fase"><xsl:sort select="@aantal" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="@aantal"/></xsl:if></xsl:for-each>
    </xsl:variable>
    <div class="blocks">
      <xsl:for-each select="fasen/fase">
        <section class="block phase-count">
          <h2><xsl:choose>
            <xsl:when test="@naam = 'deel_a'">Dossiers in deel A</xsl:when>
            <xsl:when test="@naam = 'deel_b'">Dossiers in deel B</xsl:when>
            <xsl:when test="@naam = 'akkoord'">Dossiers in akkoordverklaring</xsl:when>
            <xsl:otherwise>Afgeronde dossiers</xsl:otherwise>
          </xsl:choose></h2>
          <p class="big"><xsl:value-of select="@aantal"/></p>
          <xsl:if test="@deadline != ''">
            <p class="hint">Deadline <xsl:value-of select="concat(substring(@deadline, 9, 2), '-', substring(@deadline, 6, 2), '-', substring(@deadline, 1, 4))"/>:
              <xsl:choose>
                <xsl:when test="@te-laat &gt; 0"><strong class="late"><xsl:value-of select="@te-laat"/> te laat</strong></xsl:when>
                <xsl:otherwise>geen te laat</xsl:otherwise>
              </xsl:choose></p>
          </xsl:if>
        </section>
      </xsl:for-each>
    </div>
    <xsl:choose>
    <!-- All at zero: words, not an empty picture. -->
    <xsl:when test="not(fasen/fase[@aantal &gt; 0])">
      <p class="empty-chart">Er zijn nog geen dossiers. Zodra leerlingen een dossier beginnen, staat hier per fase hoeveel het er zijn.</p>
    </xsl:when>
    <xsl:otherwise>
    <figure class="chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 130" role="img" aria-labelledby="chart-title">
        <title id="chart-title">Dossiers per fase (in rood: na de deadline): <xsl:for-each select="fasen/fase"><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@naam"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="@aantal"/><xsl:if test="@te-laat &gt; 0"> (<xsl:value-of select="@te-laat"/> te laat)</xsl:if><xsl:if test="position() != last()">, </xsl:if></xsl:for-each></title>
        <xsl:for-each select="fasen/fase">
          <xsl:variable name="h"><xsl:choose><xsl:when test="$max &gt; 0"><xsl:value-of select="round(80 * @aantal div $max)"/></xsl:when><xsl:otherwise>0</xsl:otherwise></xsl:choose></xsl:variable>
          <rect x="{(position() - 1) * 100 + 20}" y="{100 - $h}" width="60" height="{$h}" fill="#1d4e89"/>
          <!-- The part past the phase's deadline, in red at the foot. -->
          <xsl:if test="@te-laat &gt; 0 and @aantal &gt; 0">
            <rect x="{(position() - 1) * 100 + 20}" y="{100 - round($h * @te-laat div @aantal)}" width="60" height="{round($h * @te-laat div @aantal)}" fill="#b3261e"/>
          </xsl:if>
          <text x="{(position() - 1) * 100 + 50}" y="{96 - $h}" text-anchor="middle" font-size="16" fill="#1b1b1b"><xsl:value-of select="@aantal"/></text>
          <text x="{(position() - 1) * 100 + 50}" y="120" text-anchor="middle" font-size="16" fill="#1b1b1b">
            <xsl:choose><xsl:when test="@naam = 'deel_a'">Deel A</xsl:when><xsl:when test="@naam = 'deel_b'">Deel B</xsl:when><xsl:when test="@naam = 'akkoord'">Akkoord</xsl:when><xsl:otherwise>Afgerond</xsl:otherwise></xsl:choose>
          </text>
        </xsl:for-each>
      </svg>
    </figure>
    </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="klassen/@max &gt; 0">
      <section aria-labelledby="klas-kop">
        <h2 id="klas-kop">Per klas</h2>
        <!-- The handler gives each class's total (@totaal), the dossiers
             before each bar (@voor) and the largest total (@max). -->
        <xsl:variable name="kmax" select="number(klassen/@max)"/>
        <figure class="chart">
          <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 {count(klassen/klas) * 26 + 40}" role="img" aria-labelledby="klas-title">
            <title id="klas-title">Dossiers per klas en fase: <xsl:for-each select="klassen/klas"><xsl:value-of select="@naam"/>: <xsl:for-each select="fase"><xsl:value-of select="@aantal"/><xsl:text> </xsl:text><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@naam"/></xsl:call-template><xsl:if test="position() != last()">, </xsl:if></xsl:for-each><xsl:if test="position() != last()">; </xsl:if></xsl:for-each></title>
            <!-- A row per class (some 80 at a big school): its bars in one
                 group moved down the row, their colours from ddd.css by
                 phase (class), the texts' size and colour from the group. -->
            <g font-size="14" fill="#1b1b1b">
              <xsl:for-each select="klassen/klas">
                <g transform="translate(0 {(position() - 1) * 26})"><text x="0" y="17"><xsl:value-of select="@naam"/></text>
                  <xsl:for-each select="fase"><rect x="{60 + round(300 * @voor div $kmax)}" y="4" width="{round(300 * @aantal div $kmax)}" height="18" class="{@naam}"/></xsl:for-each>
                  <text x="{66 + round(300 * @totaal div $kmax)}" y="17"><xsl:value-of select="@totaal"/></text></g>
              </xsl:for-each>
            </g>
            <g font-size="13" fill="#1b1b1b">
              <rect x="0" y="{count(klassen/klas) * 26 + 14}" width="12" height="12" fill="#1d4e89"/><text x="16" y="{count(klassen/klas) * 26 + 25}">deel A</text>
              <rect x="80" y="{count(klassen/klas) * 26 + 14}" width="12" height="12" fill="#5b7fb0"/><text x="96" y="{count(klassen/klas) * 26 + 25}">deel B</text>
              <rect x="160" y="{count(klassen/klas) * 26 + 14}" width="12" height="12" fill="#a86a00"/><text x="176" y="{count(klassen/klas) * 26 + 25}">akkoord</text>
              <rect x="250" y="{count(klassen/klas) * 26 + 14}" width="12" height="12" fill="#00703c"/><text x="266" y="{count(klassen/klas) * 26 + 25}">afgerond</text>
            </g>
          </svg>
        </figure>
      </section>
    </xsl:if>
    <section aria-labelledby="mbo-stand-kop">
      <h2 id="mbo-stand-kop">Bij de mbo-school</h2>
      <p>Waar de leerlingen met een afgerond dossier staan, zoals de mbo-school het meldt.</p>
      <xsl:choose>
        <xsl:when test="not(mbo-statussen/status)"><p>Nog geen afgeronde dossiers.</p></xsl:when>
        <xsl:otherwise>
          <table class="list compact">
            <caption class="visually-hidden">Afgeronde dossiers per stand bij de mbo-school</caption>
            <thead><tr><th scope="col">Stand</th><th scope="col">Dossiers</th></tr></thead>
            <tbody>
              <xsl:for-each select="mbo-statussen/status">
                <tr><th scope="row"><xsl:call-template name="mbo-status-naam"><xsl:with-param name="status" select="@waarde"/></xsl:call-template></th>
                  <td><xsl:value-of select="."/></td></tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:otherwise>
      </xsl:choose>
      <p class="figure">
        <xsl:choose>
          <xsl:when test="ontvangen/@mediaan-dagen">Van ‘Nieuw dossier’ tot ontvangen door de mbo-school: mediaan <strong><xsl:call-template name="aantal"><xsl:with-param name="n" select="ontvangen/@mediaan-dagen"/><xsl:with-param name="een">dag</xsl:with-param><xsl:with-param name="meer">dagen</xsl:with-param></xsl:call-template></strong>
            (<xsl:call-template name="aantal"><xsl:with-param name="n" select="ontvangen/@aantal"/><xsl:with-param name="een">dossier</xsl:with-param><xsl:with-param name="meer">dossiers</xsl:with-param></xsl:call-template>).</xsl:when>
          <xsl:otherwise>Nog geen dossier is door een mbo-school als ontvangen gemeld.</xsl:otherwise>
        </xsl:choose>
      </p>
    </section>
    <section aria-labelledby="mbo-kop">
      <h2 id="mbo-kop">MBO-instellingen</h2>
      <xsl:choose>
        <xsl:when test="mbos/mbo">
          <p>Deze mbo-scholen nemen deel met uw school: alleen zij zien de afgeronde dossiers van de leerlingen die
            voor hen kiezen, met ‘OPP en nader contact’. Een mbo-school die hier niet staat, neemt niet deel en ziet niets.</p>
          <ul>
            <xsl:for-each select="mbos/mbo">
              <li><xsl:value-of select="."/> (<xsl:value-of select="@brin"/>): neemt deel</li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <p>Nog geen mbo-school neemt deel met uw school: geen mbo-school ziet de afgeronde dossiers. De beheerder van DDD
            legt de deelnemende mbo-scholen vast.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
