<?xml version="1.0" encoding="UTF-8"?>
<!-- Mijn Leerlingen: each student with the status of each dossier; more
     than one behind a magnifier; archiveren, aansporen, bekijken, and
     'Start deel B' for a student without a dossier. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:str="http://exslt.org/strings" exclude-result-prefixes="str">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/paging.xsl"/>

  <xsl:template match="leerlingen" mode="title">Mijn Leerlingen</xsl:template>

  <xsl:template match="leerlingen" mode="main">
    <p class="crumbs"><a href="/">Portal</a> › Mijn Leerlingen</p>
    <h1>Mijn Leerlingen <span class="count">(<xsl:value-of select="count(lijst/leerling)"/>)</span></h1>
    <xsl:call-template name="error-summary"/>
    <xsl:if test="aangespoord"><div class="notice" role="status"><p>De herinnering is verstuurd.</p></div></xsl:if>
    <form method="get" action="/portal/leerlingen" class="filter" role="search">
      <div class="field">
        <label for="klas">Klas</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">klas</xsl:with-param></xsl:call-template>
        <select id="klas" name="klas">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">klas</xsl:with-param></xsl:call-template>
          <option value="">Alle klassen (<xsl:value-of select="klassen/@totaal"/>)</option>
          <xsl:for-each select="klassen/klas">
            <option value="{.}">
              <xsl:if test=". = ../@gekozen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="concat(., ' (', @aantal, ')')"/>
            </option>
          </xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="zoek">Zoek op naam of leerlingnummer (niet verplicht)</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">zoek</xsl:with-param></xsl:call-template>
        <input id="zoek" name="zoek" type="search" maxlength="60" value="{form/zoek}" dir="auto">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">zoek</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <button type="submit" class="button secondary">Toon</button>
    </form>
    <xsl:if test="klassen/@eerste">
      <div class="notice" role="status"><p>Uw school heeft <xsl:call-template name="aantal"><xsl:with-param name="n" select="klassen/@totaal"/></xsl:call-template>; u ziet klas <xsl:value-of select="klassen/@eerste"/>. Kies een andere klas, zoek op naam, of kies 'Alle klassen' voor de hele school.</p></div>
    </xsl:if>
    <xsl:if test="not(lijst/leerling)">
      <p>Geen leerlingen gevonden<xsl:if test="form/zoek != ''"> bij '<xsl:value-of select="form/zoek"/>'</xsl:if><xsl:if test="klassen/@gekozen != ''"> in klas <xsl:value-of select="klassen/@gekozen"/></xsl:if>.</p>
    </xsl:if>
    <xsl:if test="lijst/leerling">
    <div class="table-wrap">
      <table class="list stack">
        <caption class="visually-hidden">Leerlingen en hun dossiers</caption>
        <thead><tr><th scope="col">Leerling</th><th scope="col">Klas</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Acties</span></th></tr></thead>
        <tbody>
          <xsl:for-each select="lijst/leerling">
            <xsl:variable name="open" select="dossier[@gearchiveerd = '0']"/>
            <tr>
              <th scope="row"><xsl:value-of select="@naam"/>
                <xsl:if test="/leerlingen/session/@role = 'decaan'"><br/><a class="small" href="/portal/leerlingen/{@id}/mail">Mails</a><xsl:text> </xsl:text><a class="small" href="/portal/leerlingen/{@id}/inzage">Inzage</a></xsl:if></th>
              <td data-label="Klas"><xsl:value-of select="@klas"/></td>
              <td data-label="Status">
                <xsl:choose>
                  <xsl:when test="not(dossier)">Geen dossier</xsl:when>
                  <xsl:when test="count(dossier) = 1"><xsl:apply-templates select="dossier" mode="status"/></xsl:when>
                  <xsl:otherwise>
                    <details>
                      <summary><svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16"><circle cx="6.5" cy="6.5" r="4.75" fill="none" stroke="currentColor" stroke-width="1.75"/><path d="M10 10l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg><xsl:call-template name="aantal"><xsl:with-param name="n" select="count(dossier)"/><xsl:with-param name="een">dossier</xsl:with-param><xsl:with-param name="meer">dossiers</xsl:with-param></xsl:call-template></summary>
                      <ul class="plain"><xsl:for-each select="dossier"><li><xsl:apply-templates select="." mode="status"/><xsl:apply-templates select="." mode="acties"/></li></xsl:for-each></ul>
                    </details>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="actions">
                <xsl:if test="count(dossier) = 1"><xsl:apply-templates select="dossier" mode="acties"/></xsl:if>
                <xsl:if test="not($open)">
                  <form method="post" action="/portal/leerlingen/{@id}/deel-b-starten">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" class="button small secondary">Start deel B<span class="visually-hidden"> voor <bdi><xsl:value-of select="@naam"/></bdi></span></button>
                  </form>
                </xsl:if>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    </xsl:if>
    <xsl:call-template name="paging">
      <xsl:with-param name="basis" select="concat('/portal/leerlingen?klas=', str:encode-uri(klassen/@gekozen, true()), '&amp;zoek=', str:encode-uri(form/zoek, true()), '&amp;')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="dossier" mode="status">
    <xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="@fase"/></xsl:call-template>
    <xsl:if test="@mbo != ''"> – <bdi><xsl:value-of select="@mbo"/></bdi></xsl:if>
    <xsl:if test="@gearchiveerd = '1'"> (gearchiveerd)</xsl:if>
    <xsl:if test="@fase = 'akkoord'"> (<xsl:call-template name="aantal"><xsl:with-param name="n" select="@dagen"/><xsl:with-param name="een">dag</xsl:with-param><xsl:with-param name="meer">dagen</xsl:with-param></xsl:call-template>)</xsl:if>
    <xsl:if test="@fase = 'afgerond'">
      <span class="mbo-status"> – mbo: <xsl:call-template name="mbo-status-naam"><xsl:with-param name="status" select="@mbo-status"/></xsl:call-template><xsl:if test="@mbo-reden != ''"> (<xsl:value-of select="@mbo-reden"/>)</xsl:if></span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="dossier" mode="acties">
    <xsl:text> </xsl:text>
    <a href="/portal/dossiers/{@id}/bekijken">Bekijken</a>
    <xsl:if test="@fase = 'afgerond'">
      <xsl:text> </xsl:text>
      <a href="/portal/dossiers/{@id}/dossier.pdf" type="application/pdf">PDF</a>
    </xsl:if>
    <xsl:if test="@gearchiveerd = '0'">
      <xsl:text> </xsl:text>
      <a href="/portal/dossiers/{@id}">Opties</a>
    </xsl:if>
    <xsl:if test="@aansporen">
      <form method="post" action="/portal/dossiers/{@id}/aansporen" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="button small">Aansporen<span class="visually-hidden"> tot de akkoordverklaring</span></button>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
