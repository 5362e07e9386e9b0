<?xml version="1.0" encoding="UTF-8"?>
<!-- The Portal start page for mentors, decanen and MBO staff. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="portal" mode="title">Portal</xsl:template>

  <xsl:template match="portal" mode="main">
    <h1>Portal</h1>
    <p>Welkom, <bdi><xsl:value-of select="session/@naam"/></bdi>
      (<xsl:choose>
        <xsl:when test="session/@role = 'decaan'">decaan</xsl:when>
        <xsl:when test="session/@role = 'mentor'">mentor</xsl:when>
        <xsl:otherwise>medewerker</xsl:otherwise>
      </xsl:choose>, <bdi><xsl:value-of select="session/@tenant"/></bdi>).</p>
    <xsl:if test="menu/item">
      <nav aria-label="Portal">
        <ul class="menu">
          <xsl:for-each select="menu/item">
            <li><a href="{@href}"><xsl:value-of select="."/></a></li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
    <section class="block" aria-labelledby="account-kop">
      <h2 id="account-kop">Mijn account</h2>
      <form method="post" action="/uitloggen">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="overal" value="1"/>
        <button type="submit" class="button secondary">Overal uitloggen</button>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
