<?xml version="1.0" encoding="UTF-8"?>
<!-- One step of deel A: the questions of the form definition by type,
     with the answers (or what was typed, after an error). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:f="urn:ddd:form:1" exclude-result-prefixes="f">
  <xsl:import href="lib/layout.xsl"/>
  <xsl:import href="lib/dossier.xsl"/>

  <xsl:variable name="step" select="/stap/dossier/@stap-id"/>
  <xsl:variable name="readonly" select="boolean(/stap/alleen-lezen)"/>

  <xsl:template match="stap" mode="title">
    <xsl:value-of select="form/step[@id = $step]/@title"/> – Deel A
  </xsl:template>

  <xsl:template match="stap" mode="main">
    <p class="crumbs"><a href="/dossiers">Mijn Dossiers</a> › Deel A</p>
    <h1><xsl:value-of select="form/step[@id = $step]/@title"/></h1>
    <xsl:if test="opgeslagen">
      <div class="notice" role="status"><p>Opgeslagen.</p></div>
    </xsl:if>
    <xsl:call-template name="error-summary"/>
    <div class="dossier-layout">
    <nav aria-label="Stappen van deel A" class="step-nav">
      <xsl:for-each select="dossier">
        <xsl:call-template name="voortgang">
          <xsl:with-param name="dossier" select="@id"/>
          <xsl:with-param name="link" select="true()"/>
          <xsl:with-param name="huidig" select="@stap"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="dossier/@compleet and not($readonly)">
        <p><a class="button" href="/dossiers/{dossier/@id}/opsturen">Opsturen</a></p>
      </xsl:if>
    </nav>
    <div class="step-body">
    <xsl:for-each select="form/step[@id = $step]">
      <xsl:if test="intro"><p><xsl:value-of select="intro"/></p></xsl:if>
      <form method="post" action="/dossiers/{/stap/dossier/@id}/stap/{/stap/dossier/@stap}" class="form wide" novalidate="novalidate">
        <xsl:call-template name="csrf"/>
        <xsl:apply-templates select="question"/>
        <xsl:if test="not($readonly)">
          <p class="actions">
            <button type="submit" class="button secondary">Opslaan</button>
            <xsl:if test="following-sibling::step">
              <button type="submit" name="volgende" value="1" class="button">Opslaan en volgende stap</button>
            </xsl:if>
          </p>
        </xsl:if>
      </form>
    </xsl:for-each>
    </div>
    </div>
  </xsl:template>

  <!-- The value to show: what was typed (after an error), else stored. -->
  <xsl:template name="value">
    <xsl:param name="id" select="@id"/>
    <xsl:choose>
      <xsl:when test="/stap/getypt"><xsl:value-of select="/stap/getypt/a[@q = $id]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="/stap/antwoorden/a[@q = $id]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="question">
    <xsl:variable name="v"><xsl:call-template name="value"/></xsl:variable>
    <xsl:variable name="cond" select="@show-if"/>
    <xsl:variable name="condv"><xsl:call-template name="value"><xsl:with-param name="id" select="$cond"/></xsl:call-template></xsl:variable>
    <!-- A conditional question shows when its condition holds; without
         script the page reloads after saving, and shows it then. -->
    <xsl:if test="not($cond) or $condv = @show-value or contains(concat('&#10;', $condv, '&#10;'), concat('&#10;', @show-value, '&#10;'))">
      <xsl:choose>
        <xsl:when test="@type = 'choice' or @type = 'multi-choice' or @type = 'yes-no'">
          <fieldset class="question" id="{@id}">
            <legend><xsl:value-of select="label"/><xsl:call-template name="req"/></legend>
            <xsl:call-template name="help"/>
            <xsl:call-template name="field-error"><xsl:with-param name="name" select="@id"/></xsl:call-template>
            <xsl:call-template name="options"><xsl:with-param name="v" select="$v"/></xsl:call-template>
          </fieldset>
        </xsl:when>
        <xsl:otherwise>
          <div class="field question">
            <label for="{@id}"><xsl:value-of select="label"/><xsl:call-template name="req"/></label>
            <xsl:call-template name="help"/>
            <xsl:call-template name="field-error"><xsl:with-param name="name" select="@id"/></xsl:call-template>
            <xsl:call-template name="input"><xsl:with-param name="v" select="$v"/></xsl:call-template>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="req">
    <xsl:if test="@required = '1'"><span class="req"> (verplicht)</span></xsl:if>
  </xsl:template>

  <xsl:template name="help">
    <xsl:if test="help"><p class="hint" id="{@id}-hulp"><xsl:value-of select="help"/></p></xsl:if>
  </xsl:template>

  <xsl:template name="options">
    <xsl:param name="v"/>
    <xsl:variable name="q" select="."/>
    <xsl:variable name="type">
      <xsl:choose><xsl:when test="@type = 'multi-choice'">checkbox</xsl:when><xsl:otherwise>radio</xsl:otherwise></xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@type = 'yes-no'">
        <xsl:call-template name="option"><xsl:with-param name="value">ja</xsl:with-param><xsl:with-param name="label">Ja</xsl:with-param><xsl:with-param name="type" select="$type"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:call-template name="option"><xsl:with-param name="value">nee</xsl:with-param><xsl:with-param name="label">Nee</xsl:with-param><xsl:with-param name="type" select="$type"/><xsl:with-param name="v" select="$v"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="option">
          <xsl:call-template name="option">
            <xsl:with-param name="value" select="@value"/><xsl:with-param name="label" select="."/>
            <xsl:with-param name="type" select="$type"/><xsl:with-param name="v" select="$v"/>
            <xsl:with-param name="q" select="$q"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="option">
    <xsl:param name="value"/>
    <xsl:param name="label"/>
    <xsl:param name="type"/>
    <xsl:param name="v"/>
    <xsl:param name="q" select="."/>
    <div class="choice">
      <input type="{$type}" name="{$q/@id}" id="{$q/@id}-{$value}" value="{$value}">
        <xsl:if test="$v = $value or contains(concat('&#10;', $v, '&#10;'), concat('&#10;', $value, '&#10;'))"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        <xsl:if test="$readonly"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:if>
      </input>
      <label for="{$q/@id}-{$value}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>

  <xsl:template name="input">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="@type = 'long-text'">
        <textarea id="{@id}" name="{@id}" rows="5">
          <xsl:if test="@max"><xsl:attribute name="maxlength"><xsl:value-of select="@max"/></xsl:attribute></xsl:if>
          <xsl:call-template name="field-attrs"/>
          <xsl:value-of select="$v"/>
        </textarea>
      </xsl:when>
      <xsl:when test="@type = 'mbo'">
        <select id="{@id}" name="{@id}">
          <xsl:call-template name="field-attrs"/>
          <option value="">Kies een MBO-school</option>
          <xsl:for-each select="/stap/mbos/mbo">
            <option value="{@slug}"><xsl:if test="@slug = $v"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="."/></option>
          </xsl:for-each>
        </select>
      </xsl:when>
      <xsl:otherwise>
        <input id="{@id}" name="{@id}" value="{$v}">
          <xsl:attribute name="type">
            <xsl:choose>
              <xsl:when test="@type = 'date'">date</xsl:when>
              <xsl:when test="@type = 'number'">number</xsl:when>
              <xsl:otherwise>text</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:if test="@type = 'number'">
            <xsl:attribute name="inputmode">numeric</xsl:attribute>
            <xsl:if test="@min"><xsl:attribute name="min"><xsl:value-of select="@min"/></xsl:attribute></xsl:if>
            <xsl:if test="@max"><xsl:attribute name="max"><xsl:value-of select="@max"/></xsl:attribute></xsl:if>
          </xsl:if>
          <xsl:if test="@type = 'text' and @max"><xsl:attribute name="maxlength"><xsl:value-of select="@max"/></xsl:attribute></xsl:if>
          <xsl:call-template name="field-attrs"/>
        </input>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="field-attrs">
    <xsl:if test="$readonly"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:if>
    <xsl:choose>
      <xsl:when test="/stap/errors/error[@field = current()/@id]">
        <xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="@id"/>-fout<xsl:if test="help"><xsl:text> </xsl:text><xsl:value-of select="@id"/>-hulp</xsl:if></xsl:attribute>
      </xsl:when>
      <xsl:when test="help">
        <xsl:attribute name="aria-describedby"><xsl:value-of select="@id"/>-hulp</xsl:attribute>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
