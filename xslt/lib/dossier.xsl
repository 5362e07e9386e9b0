<?xml version="1.0" encoding="UTF-8"?>
<!-- Parts every dossier page shares: phase names, the progress per step
     as bars, and the questions of a form rendered by type. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="fase-naam">
    <xsl:param name="fase"/>
    <xsl:choose>
      <xsl:when test="$fase = 'deel_a'">deel A invullen</xsl:when>
      <xsl:when test="$fase = 'deel_b'">deel B (bij de mentor)</xsl:when>
      <xsl:when test="$fase = 'akkoord'">akkoordverklaring invullen</xsl:when>
      <xsl:when test="$fase = 'afgerond'">afgerond</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The staff's list a dossier is found in, for the crumbs of its
       pages: 'Dossiers in deel B' while it is there, else Mijn Leerlingen
       (deel A, started early; akkoordverklaring; afgerond; gearchiveerd). -->
  <xsl:template name="staff-lijst">
    <xsl:param name="dossier" select="/*/dossier"/>
    <xsl:choose>
      <xsl:when test="$dossier/@fase = 'deel_b' and not($dossier/@gearchiveerd)"><a href="/portal/deel-b">Dossiers in deel B</a></xsl:when>
      <xsl:otherwise><a href="/portal/leerlingen">Mijn Leerlingen</a></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- <stap id titel nr percent/> elements under the context node. -->
  <xsl:template name="voortgang">
    <xsl:param name="dossier"/>
    <xsl:param name="link" select="false()"/>
    <xsl:param name="huidig" select="0"/>
    <xsl:param name="base" select="concat('/dossiers/', $dossier, '/stap/')"/>
    <ol class="steps">
      <xsl:for-each select="stap | voortgang/stap">
        <li>
          <xsl:if test="@nr = $huidig"><xsl:attribute name="aria-current">step</xsl:attribute></xsl:if>
          <span class="step-name">
            <xsl:choose>
              <xsl:when test="$link"><a href="{$base}{@nr}"><xsl:value-of select="@titel"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="@titel"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <progress max="100" value="{@percent}" aria-label="{@titel}: {@percent} procent ingevuld"><xsl:value-of select="@percent"/>%</progress>
          <span class="pct" aria-hidden="true"><xsl:value-of select="@percent"/>%</span>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- The PDF buttons of a dossier: 'Deel A', 'Deel B' (for a student
       once deel B came back) and 'Print' (the final PDF, once afgerond).
       $base: /dossiers/ID or /portal/dossiers/ID. -->
  <xsl:template name="pdf-knoppen">
    <xsl:param name="base"/>
    <xsl:param name="fase"/>
    <xsl:param name="leerling" select="false()"/>
    <p class="actions documents">
      <a class="button secondary" href="{$base}/deel-a.pdf" type="application/pdf">Deel A<span class="visually-hidden"> als PDF</span> (PDF)</a>
      <xsl:if test="not($leerling) or $fase = 'akkoord' or $fase = 'afgerond'">
        <xsl:text> </xsl:text>
        <a class="button secondary" href="{$base}/deel-b.pdf" type="application/pdf">Deel B<span class="visually-hidden"> als PDF</span> (PDF)</a>
      </xsl:if>
      <xsl:if test="$fase = 'afgerond'">
        <xsl:text> </xsl:text>
        <a class="button" href="{$base}/dossier.pdf" type="application/pdf">Print<span class="visually-hidden"> het afgeronde dossier als PDF</span> (PDF)</a>
      </xsl:if>
    </p>
  </xsl:template>

  <!-- An answer as text, by the question's type (the context node):
       options by their label, dates as dd-mm-jjjj.  $v is not empty. -->
  <xsl:template name="antwoord">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="@type = 'yes-no' and $v = 'ja'">Ja</xsl:when>
      <xsl:when test="@type = 'yes-no' and $v = 'nee'">Nee</xsl:when>
      <xsl:when test="@type = 'mbo'">
        <xsl:value-of select="ancestor::overzicht/mbos/mbo[@slug = $v]"/>
      </xsl:when>
      <xsl:when test="@type = 'choice'">
        <xsl:value-of select="option[@value = $v]"/>
      </xsl:when>
      <xsl:when test="@type = 'multi-choice'">
        <xsl:for-each select="option[contains(concat('&#10;', $v, '&#10;'), concat('&#10;', @value, '&#10;'))]">
          <xsl:value-of select="."/><xsl:if test="position() != last()">, </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="@type = 'date'">
        <xsl:call-template name="datum"><xsl:with-param name="d" select="$v"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A file size for people: '840 kB', '2,4 MB'. -->
  <xsl:template name="bestandsgrootte">
    <xsl:param name="bytes"/>
    <xsl:choose>
      <xsl:when test="$bytes &gt;= 1048576"><xsl:value-of select="translate(format-number($bytes div 1048576, '0.0'), '.', ',')"/> MB</xsl:when>
      <xsl:otherwise><xsl:value-of select="ceiling($bytes div 1024)"/> kB</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- jjjj-mm-dd[ uu:mm...] as dd-mm-jjjj[ uu:mm]. -->
  <xsl:template name="datum">
    <xsl:param name="d"/>
    <xsl:value-of select="concat(substring($d, 9, 2), '-', substring($d, 6, 2), '-', substring($d, 1, 4))"/>
    <xsl:if test="string-length($d) &gt;= 16"><xsl:value-of select="concat(' ', substring($d, 12, 5))"/></xsl:if>
  </xsl:template>

  <!-- Where the student stands at the MBO (dossier.mbo_status). -->
  <xsl:template name="mbo-status-naam">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = 'ontvangen'">ontvangen door de mbo-school</xsl:when>
      <xsl:when test="$status = 'intake_gepland'">intake gepland</xsl:when>
      <xsl:when test="$status = 'intake_gehad'">intake gehad</xsl:when>
      <xsl:when test="$status = 'onderwijsovereenkomst'">onderwijsovereenkomst</xsl:when>
      <xsl:when test="$status = 'geplaatst'">geplaatst</xsl:when>
      <xsl:when test="$status = 'niet_geplaatst'">niet geplaatst</xsl:when>
      <xsl:otherwise>nog niet gemeld door de mbo-school</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A history event's kind (dossier_event.kind) in words. -->
  <xsl:template name="gebeurtenis-naam">
    <xsl:param name="soort" select="@soort"/>
    <xsl:choose>
      <xsl:when test="$soort = 'nieuw_dossier'">nieuw dossier</xsl:when>
      <xsl:when test="$soort = 'deel_b_vroeg_gestart'">deel B vroeg gestart</xsl:when>
      <xsl:when test="$soort = 'deel_a_opgestuurd'">deel A opgestuurd</xsl:when>
      <xsl:when test="$soort = 'teruggezet'">teruggezet naar de leerling</xsl:when>
      <xsl:when test="$soort = 'deel_b_opgestuurd'">deel B opgestuurd naar de leerling</xsl:when>
      <xsl:when test="$soort = 'wijzigen'">door de leerling teruggezet om te wijzigen</xsl:when>
      <xsl:when test="$soort = 'akkoord'">akkoord gegeven</xsl:when>
      <xsl:when test="$soort = 'gearchiveerd'">gearchiveerd</xsl:when>
      <xsl:when test="$soort = 'geactiveerd'">weer geactiveerd</xsl:when>
      <xsl:when test="$soort = 'stap_opgeslagen'">stap opgeslagen</xsl:when>
      <xsl:when test="$soort = 'mbo_status'">stand bij de mbo-school</xsl:when>
      <xsl:otherwise><xsl:value-of select="$soort"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
