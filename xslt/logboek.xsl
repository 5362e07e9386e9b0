<?xml version="1.0" encoding="UTF-8"?>
<!-- The school's audit trail for the decaan: who did what in the
     administration, when and from which address, newest first, with a
     filter; and the access log of dossiers that are gone, pseudonymised.
     Input (fcgi/audit.c): <logboek><form><wat/><van/><tot/><zoek/></form>
     <regels><regel id op wie rol adres wat dossier pseudoniem over
     over-rol over-nr>detail</regel></regels><weg><inzage op wie
     organisatie wat pseudoniem extern/></weg><soorten><soort/></soorten>
     <verwijderd/>?<errors/>?</logboek>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/logboek.xsl"/>

  <xsl:template match="logboek" mode="title">Logboek</xsl:template>

  <xsl:template match="logboek" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Logboek</p>
    <h1>Logboek</h1>
    <xsl:call-template name="error-summary"/>
    <xsl:if test="verwijderd">
      <div class="notice" role="status"><p>De leerling is verwijderd, met alle gegevens. Hieronder staat dat, zonder naam of nummer van de leerling.</p></div>
    </xsl:if>
    <p>Wat er in de administratie van de school is gedaan: door wie, wanneer en vanaf welk adres. Het logboek blijft bewaard
      zolang het schoolbestand zegt (standaard drie jaar), ook als de dossiers al zijn verwijderd. Van een verwijderde leerling
      staat er een pseudoniem in plaats van naam en nummer. U ziet de laatste 500.</p>
    <form method="get" action="/portal/logboek" class="filter" role="search">
      <div class="field">
        <label for="wat">Wat</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">wat</xsl:with-param></xsl:call-template>
        <select id="wat" name="wat">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">wat</xsl:with-param></xsl:call-template>
          <option value="">Alles</option>
          <xsl:for-each select="soorten/soort">
            <option value="{.}">
              <xsl:if test=". = /logboek/form/wat"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:call-template name="soort-naam"><xsl:with-param name="s" select="."/></xsl:call-template>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="van">Vanaf (niet verplicht)</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">van</xsl:with-param></xsl:call-template>
        <input id="van" name="van" type="date" value="{form/van}">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">van</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <div class="field">
        <label for="tot">Tot en met (niet verplicht)</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">tot</xsl:with-param></xsl:call-template>
        <input id="tot" name="tot" type="date" value="{form/tot}">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">tot</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <div class="field">
        <label for="zoek">Naam (niet verplicht)</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">zoek</xsl:with-param></xsl:call-template>
        <input id="zoek" name="zoek" type="search" maxlength="60" value="{form/zoek}" dir="auto">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">zoek</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <button type="submit" class="button secondary">Toon</button>
    </form>
    <xsl:choose>
      <xsl:when test="not(regels/regel)"><p>Geen regels gevonden.</p></xsl:when>
      <xsl:otherwise>
        <div class="table-wrap">
          <table class="list stack">
            <caption class="visually-hidden">Het logboek, nieuwste eerst</caption>
            <thead><tr><th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Wat</th><th scope="col">Over</th><th scope="col">Adres</th></tr></thead>
            <tbody>
              <xsl:for-each select="regels/regel">
                <tr>
                  <th scope="row"><xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></th>
                  <td data-label="Wie">
                    <xsl:choose>
                      <xsl:when test="@wie = ''">(verwijderde leerling)</xsl:when>
                      <xsl:otherwise><bdi><xsl:value-of select="@wie"/></bdi></xsl:otherwise>
                    </xsl:choose>
                    <span class="small"> (<xsl:value-of select="@rol"/>)</span>
                  </td>
                  <td data-label="Wat"><xsl:call-template name="soort-naam"/>
                    <xsl:if test=". != ''"><br/><span class="small"><xsl:value-of select="."/></span></xsl:if></td>
                  <td data-label="Over">
                    <xsl:choose>
                      <xsl:when test="@over != ''"><bdi><xsl:value-of select="@over"/></bdi>
                        <xsl:if test="@over-rol = 'leerling'"> (<xsl:value-of select="@over-nr"/>)</xsl:if></xsl:when>
                      <xsl:when test="@pseudoniem != ''">verwijderde leerling <span class="small">(pseudoniem <xsl:value-of select="substring(@pseudoniem, 1, 12)"/>)</span></xsl:when>
                    </xsl:choose>
                    <xsl:if test="@dossier != '0'"><xsl:if test="@over != '' or @pseudoniem != ''">, </xsl:if>dossier <xsl:value-of select="@dossier"/></xsl:if>
                  </td>
                  <td data-label="Adres"><xsl:value-of select="@adres"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="weg/inzage">
      <h2>Inzage in dossiers die niet meer bestaan</h2>
      <p>Wie dossiers heeft bekeken of gedownload die inmiddels zijn verwijderd (bewaartermijn of verwijderverzoek).
        De leerling staat er als pseudoniem: regels met hetzelfde pseudoniem gaan over dezelfde leerling.</p>
      <div class="table-wrap">
        <table class="list stack">
          <caption class="visually-hidden">Inzage in verwijderde dossiers</caption>
          <thead><tr><th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Wat</th><th scope="col">Leerling</th></tr></thead>
          <tbody>
            <xsl:for-each select="weg/inzage">
              <tr>
                <th scope="row"><xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></th>
                <td data-label="Wie"><bdi><xsl:value-of select="@wie"/></bdi>, <xsl:value-of select="@organisatie"/><xsl:if test="@extern = '1'"> (mbo)</xsl:if></td>
                <td data-label="Wat"><xsl:value-of select="@wat"/></td>
                <td data-label="Leerling">pseudoniem <xsl:value-of select="substring(@pseudoniem, 1, 12)"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
