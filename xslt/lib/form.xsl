<?xml version="1.0" encoding="UTF-8"?>
<!-- Form parts every page shares: the error summary at the top, the error
     next to its field, and the CSRF field.  Errors come from the handler
     as <errors><error field="name">Dutch text</error></errors>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="error-summary">
    <xsl:if test="/*/errors/error">
      <div class="alert" role="alert" tabindex="-1" id="fouten">
        <h2>Controleer de invoer</h2>
        <ul>
          <xsl:for-each select="/*/errors/error">
            <li><a href="#{@field}"><xsl:value-of select="."/></a></li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The error for one field, referenced by aria-describedby. -->
  <xsl:template name="field-error">
    <xsl:param name="name"/>
    <xsl:for-each select="/*/errors/error[@field = $name][1]">
      <p class="field-error" id="{$name}-fout"><xsl:value-of select="."/></p>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="invalid-attrs">
    <xsl:param name="name"/>
    <xsl:if test="/*/errors/error[@field = $name]">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="aria-describedby"><xsl:value-of select="$name"/>-fout</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template name="csrf">
    <input type="hidden" name="csrf">
      <xsl:attribute name="value">
        <xsl:choose>
          <xsl:when test="/*/csrf"><xsl:value-of select="/*/csrf"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="/*/session/@csrf"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </input>
  </xsl:template>

  <!-- One text field with its label, error and what was typed. -->
  <xsl:template name="text-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="max">200</xsl:param>
    <xsl:param name="type">text</xsl:param>
    <xsl:param name="required" select="true()"/>
    <div class="field">
      <label for="{$name}"><xsl:value-of select="$label"/>
        <xsl:if test="not($required)"> (niet verplicht)</xsl:if></label>
      <xsl:call-template name="field-error"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      <input id="{$name}" name="{$name}" type="{$type}" maxlength="{$max}" value="{/*/form/*[local-name() = $name]}">
        <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
        <xsl:call-template name="invalid-attrs"><xsl:with-param name="name" select="$name"/></xsl:call-template>
      </input>
    </div>
  </xsl:template>

  <!-- The school picker: the school chosen (by the link, this browser's
       last log-in, or the form) with a way to choose another; else VO
       schools and MBO colleges in two groups (an instance with few). -->
  <xsl:template name="school-select">
    <xsl:choose>
      <xsl:when test="/*/school-chosen">
        <div class="field school-chosen">
          <input type="hidden" name="school" value="{/*/school-chosen/@id}"/>
          <p>
            <xsl:choose>
              <xsl:when test="/*/school-chosen/@kind = 'mbo'">Instelling: </xsl:when>
              <xsl:otherwise>School: </xsl:otherwise>
            </xsl:choose>
            <strong><xsl:value-of select="/*/school-chosen"/></strong>
            <xsl:text> </xsl:text>
            <a href="{/*/request/@path}?kies=1">Andere school kiezen</a>
          </p>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="field">
          <label for="school">School of instelling</label>
          <xsl:call-template name="field-error"><xsl:with-param name="name">school</xsl:with-param></xsl:call-template>
          <select id="school" name="school" required="required">
            <xsl:call-template name="invalid-attrs"><xsl:with-param name="name">school</xsl:with-param></xsl:call-template>
            <option value="">Kies uw school of instelling</option>
            <optgroup label="Scholen (voortgezet onderwijs)">
              <xsl:apply-templates select="/*/schools[@kind='vo']/school"/>
            </optgroup>
            <optgroup label="MBO-instellingen">
              <xsl:apply-templates select="/*/schools[@kind='mbo']/school"/>
            </optgroup>
          </select>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="school">
    <option value="{@id}">
      <xsl:if test="@id = /*/form/school"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="."/>
    </option>
  </xsl:template>

  <!-- An instance with many schools: first find the school by part of
       its name (a GET form; each school found is a link to this page for
       it). -->
  <xsl:template name="school-search">
    <xsl:variable name="s" select="/*/school-search"/>
    <form method="get" action="{/*/request/@path}" class="form" role="search">
      <div class="field">
        <label for="zoek">Zoek je school of instelling</label>
        <p class="hint" id="zoek-hint">Typ een deel van de naam, of het BRIN-nummer.</p>
        <xsl:if test="$s/@error">
          <p class="field-error" id="zoek-error">
            <xsl:choose>
              <xsl:when test="$s/@error = 'long'">Typ hooguit 100 tekens.</xsl:when>
              <xsl:otherwise>Typ minstens 2 letters van de naam.</xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:if>
        <input id="zoek" name="zoek" type="search" required="required" maxlength="100"
            value="{$s/@q}" aria-describedby="zoek-hint">
          <xsl:if test="$s/@error">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">zoek-hint zoek-error</xsl:attribute>
          </xsl:if>
        </input>
      </div>
      <p><button type="submit" class="button">Zoeken</button></p>
    </form>
    <xsl:if test="$s/@q and not($s/@error)">
      <xsl:choose>
        <xsl:when test="$s/schools/school">
          <h2>Gevonden</h2>
          <ul class="school-list">
            <xsl:for-each select="$s/schools/school">
              <li>
                <a href="{/*/request/@path}?school={@id}"><xsl:value-of select="."/></a>
                <xsl:if test="@kind = 'mbo'"> (mbo-instelling)</xsl:if>
              </li>
            </xsl:for-each>
          </ul>
          <xsl:if test="$s/@more">
            <p>Er zijn meer scholen met "<xsl:value-of select="$s/@q"/>" in de naam. Typ meer van de
            naam om de lijst korter te maken.</p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <div class="alert" role="status">
            <p>Geen school of instelling gevonden met "<xsl:value-of select="$s/@q"/>". Probeer een
            ander deel van de naam, of het BRIN-nummer van je school.</p>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
