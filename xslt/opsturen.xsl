<?xml version="1.0" encoding="UTF-8"?>
<!-- Opsturen: deel A to the mentor the student chooses. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:template match="opsturen" mode="title">Deel A opsturen</xsl:template>

  <xsl:template match="opsturen" mode="main">
    <p class="crumbs"><a href="/dossiers">Mijn Dossiers</a> › Opsturen</p>
    <h1>Deel A opsturen</h1>
    <xsl:call-template name="error-summary"/>
    <xsl:choose>
      <xsl:when test="dossier/@fase != 'deel_a'">
        <p>Dit dossier is al opgestuurd.</p>
        <p><a href="/dossiers">Terug naar Mijn Dossiers</a></p>
      </xsl:when>
      <xsl:when test="not(dossier/@compleet)">
        <p>Vul eerst elke stap van deel A voor 100% in. Daarna kun je het opsturen.</p>
        <xsl:for-each select="dossier">
          <xsl:call-template name="voortgang"><xsl:with-param name="dossier" select="@id"/><xsl:with-param name="link" select="true()"/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <p>Kies je mentor. Die krijgt een bericht en vult daarna deel B in.</p>
        <form method="post" action="/dossiers/{dossier/@id}/opsturen" class="form wide">
          <xsl:call-template name="csrf"/>
          <fieldset id="mentor">
            <legend>Mentor</legend>
            <xsl:call-template name="field-error"><xsl:with-param name="name">mentor</xsl:with-param></xsl:call-template>
            <xsl:if test="mentoren/mentor[@eigen-klas = '1']">
              <p class="hint">Mentoren van jouw klas:</p>
              <xsl:apply-templates select="mentoren/mentor[@eigen-klas = '1']"/>
              <p class="hint">Andere mentoren en decanen:</p>
            </xsl:if>
            <xsl:apply-templates select="mentoren/mentor[@eigen-klas != '1']"/>
          </fieldset>
          <p><button type="submit" class="button">Opsturen</button></p>
        </form>
        <p class="hint">Staat je mentor er niet bij? Vraag je decaan om de klaskoppeling te corrigeren.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mentor">
    <div class="choice">
      <input type="radio" name="mentor" id="mentor-{@id}" value="{@id}">
        <xsl:if test="@gekozen or (count(../mentor[@eigen-klas = '1']) = 1 and @eigen-klas = '1')">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <label for="mentor-{@id}"><bdi><xsl:value-of select="."/></bdi><xsl:if test="@rol = 'decaan'"> (decaan)</xsl:if></label>
    </div>
  </xsl:template>
</xsl:stylesheet>
