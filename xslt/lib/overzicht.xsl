<?xml version="1.0" encoding="UTF-8"?>
<!-- A dossier read-only: every form with its answers, shown questions
     only, and the akkoordverklaring when given.  Input: <overzicht> with
     <form>s, <antwoorden>, <mbos>, <akkoordverklaring>?.  The importing
     sheet imports dossier.xsl too (named templates). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="overzicht">
    <xsl:param name="level" select="2"/>
    <xsl:for-each select="form">
      <section class="view-part" id="{@id}">
        <h2><xsl:value-of select="@title"/></h2>
        <xsl:for-each select="step">
          <h3><xsl:value-of select="@title"/></h3>
          <dl class="answers">
            <xsl:for-each select="question">
              <xsl:variable name="id" select="@id"/>
              <xsl:variable name="v" select="ancestor::overzicht/antwoorden/a[@q = $id]"/>
              <xsl:if test="$v or not(@show-if)">
                <dt><xsl:value-of select="label"/></dt>
                <dd dir="auto">
                  <xsl:choose>
                    <xsl:when test="not($v) or $v = ''"><span class="empty">niet ingevuld</span></xsl:when>
                    <xsl:when test="@type = 'text' or @type = 'long-text'"><span class="text"><xsl:value-of select="$v"/></span></xsl:when>
                    <xsl:when test="@type = 'bijlage'">
                      <xsl:for-each select="ancestor::overzicht/bijlagen/bijlage[@id = $v]">
                        <xsl:variable name="base">
                          <xsl:choose>
                            <xsl:when test="/*/session/@role = 'leerling'">/dossiers/</xsl:when>
                            <xsl:when test="/*/session/@role = 'mbo'">/mbo/dossiers/</xsl:when>
                            <xsl:otherwise>/portal/dossiers/</xsl:otherwise>
                          </xsl:choose>
                        </xsl:variable>
                        <bdi><a href="{$base}{/*/dossier/@id}/bijlagen/{@id}"><xsl:value-of select="@naam"/></a></bdi>
                        (<xsl:call-template name="bestandsgrootte"><xsl:with-param name="bytes" select="@bytes"/></xsl:call-template>)
                      </xsl:for-each>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="antwoord"><xsl:with-param name="v" select="$v"/></xsl:call-template>
                    </xsl:otherwise>
                  </xsl:choose>
                </dd>
              </xsl:if>
            </xsl:for-each>
          </dl>
        </xsl:for-each>
      </section>
    </xsl:for-each>
    <xsl:for-each select="akkoordverklaring">
      <section class="view-part" id="akkoordverklaring">
        <h2>Akkoordverklaring</h2>
        <p>Akkoord gegeven op <xsl:value-of select="concat(substring(@op, 9, 2), '-', substring(@op, 6, 2), '-', substring(@op, 1, 4), ' ', substring(@op, 12, 5))"/>
          voor versie <xsl:value-of select="@versie"/> van het dossier.</p>
        <xsl:if test="@ouder != ''">
          <p>Toestemming van de ouder of verzorger: <xsl:value-of select="@ouder"/> (<xsl:value-of select="@relatie"/>).</p>
        </xsl:if>
        <xsl:if test=". != ''">
          <h3>Opmerkingen van de leerling</h3>
          <p class="text" dir="auto"><xsl:value-of select="."/></p>
        </xsl:if>
      </section>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
