<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Activeer DDD' asks for the BSN (or onderwijsnummer) when none is
     linked yet.  What was typed is never shown again. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="bsn" mode="title">BSN invullen</xsl:template>

  <xsl:template match="bsn" mode="main">
    <h1>BSN invullen</h1>
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
