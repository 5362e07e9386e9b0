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

  <!-- The school picker: VO schools and MBO colleges in two groups. -->
  <xsl:template name="school-select">
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
  </xsl:template>

  <xsl:template match="school">
    <option value="{@id}">
      <xsl:if test="@id = /*/form/school"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="."/>
    </option>
  </xsl:template>
</xsl:stylesheet>
