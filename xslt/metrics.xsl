<?xml version="1.0" encoding="UTF-8"?>
<!-- /metrics: the Prometheus text exposition format (version 0.0.4) from
     the <metrics> document of fcgi/metrics.c: per family its HELP and
     TYPE lines, then one line per sample, name{label="value",...} value.
     Label values are escaped as the format wants (\\, \", \n). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"
              media-type="text/plain; version=0.0.4"/>

  <xsl:template match="/metrics">
    <xsl:for-each select="family">
      <xsl:text># HELP </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:text> </xsl:text>
      <xsl:call-template name="escape">
        <xsl:with-param name="s" select="@help"/>
        <xsl:with-param name="quote" select="false()"/>
      </xsl:call-template>
      <xsl:text>&#10;# TYPE </xsl:text>
      <xsl:value-of select="@name"/>
      <xsl:text> </xsl:text>
      <xsl:value-of select="@type"/>
      <xsl:text>&#10;</xsl:text>
      <xsl:for-each select="s">
        <xsl:value-of select="@n"/>
        <xsl:if test="l">
          <xsl:text>{</xsl:text>
          <xsl:for-each select="l">
            <xsl:if test="position() &gt; 1">,</xsl:if>
            <xsl:value-of select="@n"/>
            <xsl:text>="</xsl:text>
            <xsl:call-template name="escape">
              <xsl:with-param name="s" select="string(.)"/>
              <xsl:with-param name="quote" select="true()"/>
            </xsl:call-template>
            <xsl:text>"</xsl:text>
          </xsl:for-each>
          <xsl:text>}</xsl:text>
        </xsl:if>
        <xsl:text> </xsl:text>
        <xsl:value-of select="@v"/>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- Backslash and line feed always; the double quote in label values. -->
  <xsl:template name="escape">
    <xsl:param name="s"/>
    <xsl:param name="quote"/>
    <xsl:variable name="c" select="substring($s, 1, 1)"/>
    <xsl:if test="$s != ''">
      <xsl:choose>
        <xsl:when test="$c = '\'">\\</xsl:when>
        <xsl:when test="$c = '&#10;'">\n</xsl:when>
        <xsl:when test="$c = '&quot;' and $quote">\"</xsl:when>
        <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="escape">
        <xsl:with-param name="s" select="substring($s, 2)"/>
        <xsl:with-param name="quote" select="$quote"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
