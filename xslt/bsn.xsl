<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Activeer DDD' asks for the BSN (or onderwijsnummer) when none is
     linked yet; once linked the page says so and that only the decaan can
     change it.  What was typed is never shown again. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="bsn" mode="title">BSN invullen</xsl:template>

  <xsl:template match="bsn[linked]" mode="title">BSN gekoppeld</xsl:template>

  <xsl:template match="bsn[linked]" mode="main">
    <h1>BSN gekoppeld</h1>
    <xsl:if test="message">
      <div class="alert" role="alert"><p><xsl:value-of select="message"/></p></div>
    </xsl:if>
    <p>Je BSN is gekoppeld aan je account. Alleen je decaan kan het wijzigen: klopt het
    nummer niet, neem dan contact op met je decaan.</p>
    <p><a href="/">Terug naar de startpagina</a></p>
  </xsl:template>

  <xsl:template match="bsn" mode="main">
    <h1>BSN invullen</h1>
    <xsl:if test="message">
      <div class="alert" role="alert"><p><xsl:value-of select="message"/></p></div>
    </xsl:if>
    <p>Je nieuwe MBO-school heeft je burgerservicenummer (BSN) nodig om je in te schrijven.
    Heb je geen BSN, vul dan je onderwijsnummer in. Je vindt je BSN op je paspoort,
    identiteitskaart of zorgpas.</p>
    <p class="hint">Je BSN wordt versleuteld bewaard en alleen aan de MBO-school gegeven die je kiest.</p>
    <xsl:call-template name="error-summary"/>
    <form method="post" action="/ddd/bsn" class="form">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="bsn">BSN of onderwijsnummer</label>
        <xsl:call-template name="field-error"><xsl:with-param name="name">bsn</xsl:with-param></xsl:call-template>
        <input id="bsn" name="bsn" type="text" inputmode="numeric" autocomplete="off"
            required="required" maxlength="20">
          <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">bsn</xsl:with-param></xsl:call-template>
        </input>
      </div>
      <p><button type="submit" class="button">Opslaan en activeren</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
