<?xml version="1.0" encoding="UTF-8"?>
<!-- Leerlinglijst inlezen: upload, then what happened, line by line. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="inlezen" mode="title">Leerlinglijst inlezen</xsl:template>

  <xsl:template match="inlezen" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Alle leerlingen › Leerlinglijst inlezen</p>
    <h1>Leerlinglijst inlezen</h1>
    <xsl:for-each select="ingelezen">
      <div class="notice" role="status">
        <p>De lijst is ingelezen: <xsl:call-template name="aantal"><xsl:with-param name="n" select="@leerlingen"/></xsl:call-template>
          <xsl:choose>
            <xsl:when test="@leerlingen = 1 and @nieuw = 1"> (nieuw).</xsl:when>
            <xsl:when test="@leerlingen = 1"> (al bekend, bijgewerkt).</xsl:when>
            <xsl:otherwise>, waarvan <xsl:value-of select="@nieuw"/> nieuw en <xsl:value-of select="@bijgewerkt"/> bijgewerkt.</xsl:otherwise>
          </xsl:choose>
        <xsl:if test="@bsn &gt; 0"> Bij <xsl:call-template name="aantal"><xsl:with-param name="n" select="@bsn"/></xsl:call-template> is het BSN gekoppeld.</xsl:if></p>
        <xsl:for-each select="zonder-mentor[klas]">
          <p><strong>Let op:</strong><xsl:text> </xsl:text>
            <xsl:choose>
              <xsl:when test="count(klas) = 1">klas <xsl:value-of select="klas"/> heeft</xsl:when>
              <xsl:otherwise>de klassen <xsl:for-each select="klas"><xsl:value-of select="."/><xsl:choose>
                  <xsl:when test="position() = last() - 1"> en </xsl:when>
                  <xsl:when test="position() != last()">, </xsl:when>
                </xsl:choose></xsl:for-each> hebben</xsl:otherwise>
            </xsl:choose>
            nog geen mentor. De leerlingen daarvan staan dan bij geen enkele mentor in Mijn Leerlingen,
            en bij het opsturen van deel A staat er geen mentor van hun klas bovenaan.
            <a href="/portal/mentoren">Koppel een mentor aan <xsl:choose><xsl:when test="count(klas) = 1">de klas</xsl:when><xsl:otherwise>de klassen</xsl:otherwise></xsl:choose></a>.</p>
        </xsl:for-each>
        <xsl:if test="let-op">
          <ul><xsl:for-each select="let-op"><li><xsl:value-of select="."/></li></xsl:for-each></ul>
        </xsl:if>
        <p><a href="/portal/accountgegevens"><xsl:choose>
          <xsl:when test="@leerlingen = 1">Stuur de leerling de accountgegevens</xsl:when>
          <xsl:otherwise>Stuur de leerlingen hun accountgegevens</xsl:otherwise>
        </xsl:choose></a></p>
      </div>
    </xsl:for-each>
    <xsl:call-template name="error-summary"/>
    <xsl:for-each select="geweigerd">
      <section aria-labelledby="fouten-kop">
        <h2 id="fouten-kop">Fouten in <bdi><xsl:value-of select="../bestand"/></bdi></h2>
        <ul class="problems"><xsl:for-each select="regel"><li><xsl:value-of select="."/></li></xsl:for-each></ul>
      </section>
    </xsl:for-each>
    <p>Lees de leerlinglijst in zoals Magister of Somtoday hem exporteert: een CSV-bestand,
    gescheiden door puntkomma's of komma's. Nodig zijn de kolommen leerlingnummer (of stamnummer),
    roepnaam, achternaam, geboortedatum (dd-mm-jjjj) en klas; tussenvoegsel, leerjaar, e-mailadres
    en BSN mogen erbij. Leerlingen die al bekend zijn houden hun account; klas en leerjaar worden bijgewerkt.
    Staat er een fout in de lijst, dan wordt niets ingelezen.</p>
    <form method="post" action="/portal/leerlingen/inlezen" enctype="multipart/form-data" class="form">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="lijst">Leerlinglijst (CSV, ten hoogste <xsl:value-of select="max/@mb"/> MB)</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">lijst</xsl:with-param></xsl:call-template>
        <input id="lijst" name="lijst" type="file" accept=".csv,.txt,text/csv" required="required">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">lijst</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <p><button type="submit" class="button">Inlezen</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
