<?xml version="1.0" encoding="UTF-8"?>
<!-- Links to the page before and after of a list shown a page at a time
     (<paging pagina per vorige volgende/>, fcgi/paging.c): plain links
     that keep the list's choices ('basis': the list's URL with its query,
     ending in '?' or '&'), so they work without script. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="paging">
    <xsl:param name="basis"/>
    <xsl:variable name="p" select="/*/paging"/>
    <xsl:if test="$p/@vorige or $p/@volgende">
      <nav class="paging" aria-label="Pagina's">
        <xsl:if test="$p/@vorige">
          <a href="{$basis}pagina={$p/@vorige}" rel="prev">Vorige <xsl:value-of select="$p/@per"/><span class="visually-hidden"> (pagina <xsl:value-of select="$p/@vorige"/>)</span></a>
          <xsl:text> </xsl:text>
        </xsl:if>
        <span aria-current="page">Pagina <xsl:value-of select="$p/@pagina"/></span>
        <xsl:if test="$p/@volgende">
          <xsl:text> </xsl:text>
          <a href="{$basis}pagina={$p/@volgende}" rel="next">Volgende <xsl:value-of select="$p/@per"/><span class="visually-hidden"> (pagina <xsl:value-of select="$p/@volgende"/>)</span></a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
