<?xml version="1.0" encoding="UTF-8"?>
<!-- The whole dossier, read-only: for the student, for staff and for
     the MBO, with the PDF buttons ('Deel A', 'Deel B', 'Print'). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:import href="lib/overzicht.xsl"/>

  <xsl:template match="bekijken" mode="title">Dossier van <xsl:value-of select="leerling/@naam"/></xsl:template>

  <xsl:template match="bekijken" mode="main">
    <p class="crumbs">
      <xsl:choose>
        <xsl:when test="session/@role = 'leerling'"><a href="/dossiers">Mijn Dossiers</a></xsl:when>
        <xsl:when test="session/@role = 'mbo'"><a href="/mbo/dossiers">Afgeronde dossiers</a></xsl:when>
        <xsl:otherwise><a href="/portal/dossiers/{dossier/@id}">Dossier</a></xsl:otherwise>
      </xsl:choose> › Bekijken</p>
    <h1>Doorstroomdossier van <bdi><xsl:value-of select="leerling/@naam"/></bdi></h1>
    <dl class="whose">
      <dt>Leerlingnummer</dt><dd><xsl:value-of select="leerling/@leerlingnummer"/></dd>
      <xsl:if test="leerling/@geboortedatum != ''">
        <dt>Geboortedatum</dt><dd><xsl:call-template name="datum"><xsl:with-param name="d" select="leerling/@geboortedatum"/></xsl:call-template></dd>
      </xsl:if>
      <xsl:if test="leerling/@klas != ''">
        <dt>Klas</dt><dd><xsl:value-of select="leerling/@klas"/></dd>
      </xsl:if>
      <dt>School</dt><dd><xsl:value-of select="school/@naam"/></dd>
    </dl>
    <xsl:if test="net-afgerond">
      <div class="notice" role="status"><p>Je hebt akkoord gegeven. Het dossier is afgerond en zichtbaar voor de mbo-school.
      Je krijgt een bevestiging per e-mail.</p></div>
    </xsl:if>
    <p>Fase: <strong><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="dossier/@fase"/></xsl:call-template></strong>,
      versie <xsl:value-of select="dossier/@versie"/>.</p>
    <xsl:choose>
      <xsl:when test="session/@role = 'mbo'">
        <p class="actions documents">
          <a class="button" href="/mbo/dossiers/{dossier/@id}/dossier.pdf" type="application/pdf">Download als PDF</a>
          <xsl:text> </xsl:text>
          <a class="button secondary" href="/mbo/dossiers/{dossier/@id}/xml" type="application/xml">Download als XML</a>
        </p>
        <xsl:if test="status-opgeslagen">
          <div class="notice" role="status"><p>De stand is opgeslagen. De school ziet hem nu.</p></div>
        </xsl:if>
        <section aria-labelledby="stand-kop" class="block">
          <h2 id="stand-kop">Stand van de leerling bij uw instelling</h2>
          <xsl:call-template name="error-summary"/>
          <p>Nu: <strong><xsl:call-template name="mbo-status-naam"><xsl:with-param name="status" select="mbo-status/@waarde"/></xsl:call-template></strong>
            <xsl:if test="mbo-status/@reden != ''"> (<bdi><xsl:value-of select="mbo-status/@reden"/></bdi>)</xsl:if>.
            De decaan en de mentor van de school zien deze stand.</p>
          <form method="post" action="/mbo/dossiers/{dossier/@id}/status" class="form">
            <xsl:call-template name="csrf"/>
            <xsl:variable name="gekozen">
              <xsl:choose>
                <xsl:when test="form/status"><xsl:value-of select="form/status"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="mbo-status/@waarde"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <div class="field">
              <label for="status">Stand</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">status</xsl:with-param></xsl:call-template>
              <select id="status" name="status">
                <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">status</xsl:with-param></xsl:call-template>
                <option value="">Kies…</option>
                <xsl:for-each select="statussen/status">
                  <option value="{@waarde}"><xsl:if test="@waarde = $gekozen"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="."/></option>
                </xsl:for-each>
              </select>
            </div>
            <div class="field">
              <label for="reden">Reden (nodig bij ‘niet geplaatst’)</label>
              <xsl:call-template name="field-error"><xsl:with-param name="name">reden</xsl:with-param></xsl:call-template>
              <textarea id="reden" name="reden" rows="3" maxlength="500" dir="auto"><xsl:call-template name="invalid-attrs"><xsl:with-param name="name">reden</xsl:with-param></xsl:call-template><xsl:choose><xsl:when test="form/reden"><xsl:value-of select="form/reden"/></xsl:when><xsl:otherwise><xsl:value-of select="mbo-status/@reden"/></xsl:otherwise></xsl:choose></textarea>
            </div>
            <button type="submit" class="button">Stand opslaan</button>
          </form>
        </section>
        <xsl:for-each select="pdf">
          <p class="fingerprint">De PDF is opgeslagen op <xsl:call-template name="datum"><xsl:with-param name="d" select="@opgeslagen"/></xsl:call-template>
            en verandert niet meer. SHA-256 van het PDF-bestand: <code><xsl:value-of select="@sha256"/></code>.
            Kenmerk van de inhoud (staat op de PDF): <code><xsl:value-of select="@kenmerk"/></code>.</p>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="session/@role = 'leerling'">
        <xsl:call-template name="pdf-knoppen">
          <xsl:with-param name="base" select="concat('/dossiers/', dossier/@id)"/>
          <xsl:with-param name="fase" select="dossier/@fase"/>
          <xsl:with-param name="leerling" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="pdf-knoppen">
          <xsl:with-param name="base" select="concat('/portal/dossiers/', dossier/@id)"/>
          <xsl:with-param name="fase" select="dossier/@fase"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates select="overzicht"/>
  </xsl:template>
</xsl:stylesheet>
