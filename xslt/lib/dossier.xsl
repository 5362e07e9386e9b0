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
</xsl:stylesheet>
