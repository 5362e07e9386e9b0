<?xml version="1.0" encoding="UTF-8"?>
<!-- The error page: one for every error, from the <error> document that
     http.c builds (status, Dutch title and text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="error" mode="title">
    <xsl:value-of select="title"/>
  </xsl:template>

  <xsl:template match="error" mode="main">
    <h1><xsl:value-of select="title"/></h1>
    <p><xsl:value-of select="text"/></p>
    <p class="small">Foutcode <xsl:value-of select="@status"/>
      <xsl:if test="@request-id != ''">
        <!-- The helpdesk finds this request in the logs by it. -->
        <xsl:text>, kenmerk </xsl:text>
        <code class="request-id"><xsl:value-of select="@request-id"/></code>
        <xsl:text>. Noem dit kenmerk als u contact opneemt met de helpdesk.</xsl:text>
      </xsl:if>
    </p>
    <p><a href="/">Naar de startpagina</a></p>
  </xsl:template>
</xsl:stylesheet>
