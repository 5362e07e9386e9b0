<?xml version="1.0" encoding="UTF-8"?>
<!-- /healthz for monitors: the status, then one line per check when the
     handler gave them (to the host itself or with the health_token). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8" media-type="text/plain"/>
  <xsl:template match="/health">
    <xsl:value-of select="@status"/>
    <xsl:text>&#10;</xsl:text>
    <xsl:for-each select="check">
      <xsl:value-of select="@name"/>: <xsl:value-of select="."/>
      <xsl:if test="@current"> (version <xsl:value-of select="@current"/>, expected <xsl:value-of select="@expected"/>)</xsl:if>
      <xsl:if test="@loaded"> (<xsl:value-of select="@loaded"/> loaded)</xsl:if>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
