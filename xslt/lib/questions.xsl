<?xml version="1.0" encoding="UTF-8"?>
<!-- The questions of a form definition rendered by type, with the stored
     answers (/*/antwoorden) or what was typed after an error (/*/getypt).
     Used by deel A (stap.xsl) and deel B (deel-b.xsl). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="readonly" select="boolean(/*/alleen-lezen)"/>

  <!-- Looked up once per question (and per condition): by key, not by
       a search of every answer each time. -->
  <xsl:key name="getypt" match="/*/getypt/a" use="@q"/>
  <xsl:key name="antwoord" match="/*/antwoorden/a" use="@q"/>
  <xsl:key name="vraag" match="/*/form//question" use="@id"/>

  <!-- The value to show: what was typed (after an error; every question
       of the step posted is there), else stored (the other steps). -->
  <xsl:template name="value">
    <xsl:param name="id" select="@id"/>
    <xsl:choose>
      <xsl:when test="key('getypt', $id)"><xsl:value-of select="key('getypt', $id)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="key('antwoord', $id)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- '1' when the question $q shows, given the values: its condition
       holds (for a multi-choice: the value is among the chosen ones) and
       the condition's question shows too, as form_shown() decides on the
       server.  A show-if names an earlier question, so this ends; $depth
       guards a hand-made cycle. -->
  <xsl:template name="shown">
    <xsl:param name="q" select="."/>
    <xsl:param name="depth" select="0"/>
    <xsl:choose>
      <xsl:when test="not($q/@show-if)">1</xsl:when>
      <xsl:when test="$depth &gt; 64"/>
      <xsl:otherwise>
        <xsl:variable name="condv"><xsl:call-template name="value"><xsl:with-param name="id" select="$q/@show-if"/></xsl:call-template></xsl:variable>
        <xsl:if test="$condv = $q/@show-value or contains(concat('&#10;', $condv, '&#10;'), concat('&#10;', $q/@show-value, '&#10;'))">
          <xsl:call-template name="shown">
            <xsl:with-param name="q" select="key('vraag', $q/@show-if)"/>
            <xsl:with-param name="depth" select="$depth + 1"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A conditional question's wrapper: which answer of which question
       shows it (for xslt/static/ddd.js, which shows and hides it as the
       user answers), and hidden while the condition does not hold. -->
  <xsl:template name="condition-attrs">
    <xsl:param name="shown"/>
    <xsl:if test="@show-if">
      <xsl:attribute name="data-show-if"><xsl:value-of select="@show-if"/></xsl:attribute>
      <xsl:attribute name="data-show-value"><xsl:value-of select="@show-value"/></xsl:attribute>
      <xsl:if test="$shown != '1'"><xsl:attribute name="hidden">hidden</xsl:attribute></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="question">
    <xsl:variable name="v"><xsl:call-template name="value"/></xsl:variable>
    <xsl:variable name="shown"><xsl:call-template name="shown"/></xsl:variable>
    <!-- A conditional question is always on the page, hidden while its
         condition does not hold: without script the page reloads after
         'Opslaan' and shows it then; with script it shows at once.  The
         server decides all the same (a hidden question's answer is not
         kept, nor counted). -->
    <xsl:choose>
      <xsl:when test="@type = 'choice' or @type = 'multi-choice' or @type = 'yes-no'">
        <fieldset class="question" id="{@id}">
          <xsl:call-template name="condition-attrs"><xsl:with-param name="shown" select="$shown"/></xsl:call-template>
          <legend><xsl:value-of select="label"/><xsl:call-template name="req"/></legend>
          <xsl:call-template name="help"/>
          <xsl:call-template name="field-error"><xsl:with-param name="name" select="@id"/></xsl:call-template>
          <xsl:call-template name="options"><xsl:with-param name="v" select="$v"/></xsl:call-template>
        </fieldset>
      </xsl:when>
      <xsl:otherwise>
        <div class="field question">
          <xsl:call-template name="condition-attrs"><xsl:with-param name="shown" select="$shown"/></xsl:call-template>
          <label for="{@id}"><xsl:value-of select="label"/><xsl:call-template name="req"/></label>
          <xsl:call-template name="help"/>
          <xsl:call-template name="field-error"><xsl:with-param name="name" select="@id"/></xsl:call-template>
          <xsl:call-template name="input"><xsl:with-param name="v" select="$v"/></xsl:call-template>
        </div>
      </xsl:otherwise>
    </xsl:choose>
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
        <textarea id="{@id}" name="{@id}" rows="5" dir="auto">
          <xsl:if test="@max"><xsl:attribute name="maxlength"><xsl:value-of select="@max"/></xsl:attribute></xsl:if>
          <xsl:call-template name="field-attrs"/>
          <xsl:value-of select="$v"/>
        </textarea>
      </xsl:when>
      <xsl:when test="@type = 'bijlage'">
        <xsl:variable name="id" select="@id"/>
        <xsl:for-each select="/*/bijlagen/bijlage[@q = $id]">
          <p class="file-now">Nu: <bdi><a href="/dossiers/{/*/dossier/@id}/bijlagen/{@id}"><xsl:value-of select="@naam"/></a></bdi>
            (<xsl:call-template name="bestandsgrootte"><xsl:with-param name="bytes" select="@bytes"/></xsl:call-template>)</p>
          <xsl:if test="not($readonly)">
            <div class="choice">
              <input type="checkbox" name="{$id}-weghalen" id="{$id}-weghalen" value="ja"
                data-confirm="Het bestand ‘{@naam}’ weghalen? Het wordt uit je dossier verwijderd als je opslaat."/>
              <label for="{$id}-weghalen">Dit bestand weghalen</label>
            </div>
          </xsl:if>
        </xsl:for-each>
        <xsl:if test="not($readonly)">
          <input type="file" id="{@id}" name="{@id}" accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg">
            <xsl:call-template name="field-attrs"/>
          </input>
        </xsl:if>
      </xsl:when>
      <xsl:when test="@type = 'mbo'">
        <select id="{@id}" name="{@id}">
          <xsl:call-template name="field-attrs"/>
          <option value="">Kies een MBO-school</option>
          <xsl:for-each select="/*/mbos/mbo">
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
          <!-- Arabic or Hebrew typed here reads right to left. -->
          <xsl:if test="@type = 'text'"><xsl:attribute name="dir">auto</xsl:attribute></xsl:if>
          <xsl:call-template name="field-attrs"/>
        </input>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="field-attrs">
    <xsl:if test="$readonly"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:if>
    <xsl:if test="@required = '1' and not($readonly)"><xsl:attribute name="aria-required">true</xsl:attribute></xsl:if>
    <xsl:choose>
      <xsl:when test="/*/errors/error[@field = current()/@id]">
        <xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="@id"/>-fout<xsl:if test="help"><xsl:text> </xsl:text><xsl:value-of select="@id"/>-hulp</xsl:if></xsl:attribute>
      </xsl:when>
      <xsl:when test="help">
        <xsl:attribute name="aria-describedby"><xsl:value-of select="@id"/>-hulp</xsl:attribute>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
