<?xml version="1.0" encoding="UTF-8"?>
<!-- Words around numbers, for every page and mail: "1 leerling",
     "2 leerlingen". -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- "$n $een" when $n is 1, else "$n $meer" (also for 0). -->
  <xsl:template name="aantal">
    <xsl:param name="n"/>
    <xsl:param name="een" select="'leerling'"/>
    <xsl:param name="meer" select="'leerlingen'"/>
    <xsl:value-of select="$n"/>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$n = 1"><xsl:value-of select="$een"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$meer"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
