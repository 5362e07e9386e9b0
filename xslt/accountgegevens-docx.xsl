<?xml version="1.0" encoding="UTF-8"?>
<!-- 'Print accountgegevens': word/document.xml of a Word document with the
     standard instruction mail, one A4 page per leerling.  docx.c packs it
     into the .docx.  Input:
       <accountgegevens school="..." url="https://..." generated="YYYY-MM-DD">
         <leerling><roepnaam/><tussenvoegsel/><achternaam/>
           <leerlingnummer/><klas/></leerling> ...
       </accountgegevens>
     All data goes out as text nodes only (w:t), so names come out as
     typed.  Fonts, size and language come from docx.c's styles.xml. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <xsl:output method="xml" encoding="UTF-8" standalone="yes" indent="no"
      media-type="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <xsl:strip-space elements="*"/>

  <!-- Site address without a trailing slash. -->
  <xsl:variable name="url">
    <xsl:choose>
      <xsl:when test="substring(/accountgegevens/@url, string-length(/accountgegevens/@url)) = '/'">
        <xsl:value-of select="substring(/accountgegevens/@url, 1, string-length(/accountgegevens/@url) - 1)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="/accountgegevens/@url"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="school" select="string(/accountgegevens/@school)"/>

  <!-- generated="2026-11-28" is printed as 28-11-2026; anything else as is. -->
  <xsl:variable name="datum">
    <xsl:variable name="g" select="string(/accountgegevens/@generated)"/>
    <xsl:choose>
      <xsl:when test="string-length($g) = 10 and substring($g, 5, 1) = '-' and substring($g, 8, 1) = '-'">
        <xsl:value-of select="concat(substring($g, 9, 2), '-', substring($g, 6, 2), '-', substring($g, 1, 4))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$g"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <w:document>
      <w:body>
        <xsl:apply-templates select="accountgegevens/leerling"/>
        <xsl:if test="not(accountgegevens/leerling)">
          <w:p>
            <xsl:call-template name="r">
              <xsl:with-param name="text">Geen leerlingen geselecteerd.</xsl:with-param>
            </xsl:call-template>
          </w:p>
        </xsl:if>
        <!-- A4 portrait, 2.5 cm margins. -->
        <w:sectPr>
          <w:pgSz w:w="11906" w:h="16838"/>
          <w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417"
              w:header="709" w:footer="709" w:gutter="0"/>
        </w:sectPr>
      </w:body>
    </w:document>
  </xsl:template>

  <!-- One page per leerling; a page break starts every page but the first,
       so there is none after the last. -->
  <xsl:template match="leerling">
    <xsl:variable name="naam">
      <xsl:value-of select="roepnaam"/>
      <xsl:if test="normalize-space(tussenvoegsel) != ''">
        <xsl:text> </xsl:text><xsl:value-of select="tussenvoegsel"/>
      </xsl:if>
      <xsl:if test="normalize-space(achternaam) != ''">
        <xsl:text> </xsl:text><xsl:value-of select="achternaam"/>
      </xsl:if>
    </xsl:variable>

    <!-- School left, date right, small and grey. -->
    <w:p>
      <w:pPr>
        <w:tabs><w:tab w:val="right" w:pos="9072"/></w:tabs>
        <w:spacing w:after="480"/>
      </w:pPr>
      <xsl:if test="position() &gt; 1">
        <w:r><w:br w:type="page"/></w:r>
      </xsl:if>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="$school"/>
        <xsl:with-param name="small" select="true()"/>
      </xsl:call-template>
      <xsl:if test="$datum != ''">
        <w:r><w:tab/></w:r>
        <xsl:call-template name="r">
          <xsl:with-param name="text" select="$datum"/>
          <xsl:with-param name="small" select="true()"/>
        </xsl:call-template>
      </xsl:if>
    </w:p>

    <w:p>
      <w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr>
      <xsl:call-template name="r">
        <xsl:with-param name="text">Inloggen op het Digitaal Doorstroomdossier</xsl:with-param>
        <xsl:with-param name="b" select="true()"/>
        <xsl:with-param name="sz" select="'32'"/>
      </xsl:call-template>
    </w:p>

    <!-- The leerling's details in a grey box. -->
    <xsl:call-template name="gegeven">
      <xsl:with-param name="label">Naam</xsl:with-param>
      <xsl:with-param name="value" select="string($naam)"/>
      <xsl:with-param name="after" select="'0'"/>
    </xsl:call-template>
    <xsl:if test="normalize-space(klas) != ''">
      <xsl:call-template name="gegeven">
        <xsl:with-param name="label">Klas</xsl:with-param>
        <xsl:with-param name="value" select="string(klas)"/>
        <xsl:with-param name="after" select="'0'"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="gegeven">
      <xsl:with-param name="label">Leerlingnummer</xsl:with-param>
      <xsl:with-param name="value" select="string(leerlingnummer)"/>
      <xsl:with-param name="after" select="'360'"/>
    </xsl:call-template>

    <w:p>
      <xsl:call-template name="r">
        <xsl:with-param name="text">
          <xsl:choose>
            <xsl:when test="normalize-space(roepnaam) != ''">
              <xsl:value-of select="concat('Beste ', roepnaam, ',')"/>
            </xsl:when>
            <xsl:otherwise>Beste leerling,</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </w:p>
    <w:p>
      <xsl:call-template name="r">
        <xsl:with-param name="text">Je school gebruikt het Digitaal Doorstroomdossier (DDD). Daarin staan de gegevens die met je meegaan naar je vervolgopleiding. Om in te loggen activeer je eerst je account. Dat doe je zo:</xsl:with-param>
      </xsl:call-template>
    </w:p>

    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="1"/>
      <xsl:with-param name="voor">Ga naar </xsl:with-param>
      <xsl:with-param name="vet" select="concat($url, '/activeren')"/>
      <xsl:with-param name="na">.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="2"/>
      <xsl:with-param name="voor">Kies je school: </xsl:with-param>
      <xsl:with-param name="vet" select="$school"/>
      <xsl:with-param name="na">.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="3"/>
      <xsl:with-param name="voor">Vul je leerlingnummer in: </xsl:with-param>
      <xsl:with-param name="vet" select="string(leerlingnummer)"/>
      <xsl:with-param name="na">.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="4"/>
      <xsl:with-param name="voor">Je krijgt een e-mail met een link. Via die link kies je een wachtwoord.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="5"/>
      <xsl:with-param name="voor">Log daarna in op </xsl:with-param>
      <xsl:with-param name="vet" select="concat($url, '/login')"/>
      <xsl:with-param name="na"> met je leerlingnummer en je nieuwe wachtwoord.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="stap">
      <xsl:with-param name="n" select="6"/>
      <xsl:with-param name="voor">Klik op de knop </xsl:with-param>
      <xsl:with-param name="vet">‘Activeer DDD’</xsl:with-param>
      <xsl:with-param name="na">. Is je burgerservicenummer (BSN) nog niet bekend, dan wordt daarom gevraagd.</xsl:with-param>
      <xsl:with-param name="after" select="'240'"/>
    </xsl:call-template>

    <w:p>
      <xsl:call-template name="r">
        <xsl:with-param name="text">Heb je vorig schooljaar je account al geactiveerd? Dan hoef je dit niet opnieuw te doen. Je logt in op </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="concat($url, '/login')"/>
        <xsl:with-param name="b" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="r">
        <xsl:with-param name="text"> met je bestaande account.</xsl:with-param>
      </xsl:call-template>
    </w:p>
    <w:p>
      <w:pPr><w:spacing w:after="480"/></w:pPr>
      <xsl:call-template name="r">
        <xsl:with-param name="text">Heb je vragen? Stel ze aan je mentor of aan de decaan.</xsl:with-param>
      </xsl:call-template>
    </w:p>
    <w:p>
      <w:pPr><w:spacing w:after="0"/></w:pPr>
      <xsl:call-template name="r">
        <xsl:with-param name="text">Met vriendelijke groet,</xsl:with-param>
      </xsl:call-template>
    </w:p>
    <w:p>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="concat('De decaan van ', $school)"/>
      </xsl:call-template>
    </w:p>
  </xsl:template>

  <!-- One line of the details box: label, tab, bold value.  Consecutive
       paragraphs with the same borders form one box in Word and Writer. -->
  <xsl:template name="gegeven">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="after"/>
    <w:p>
      <w:pPr>
        <w:pBdr>
          <w:top w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>
          <w:left w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>
          <w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>
          <w:right w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/>
        </w:pBdr>
        <w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>
        <w:tabs><w:tab w:val="left" w:pos="2268"/></w:tabs>
        <w:spacing w:before="0" w:after="{$after}"/>
        <w:ind w:left="113" w:right="113"/>
      </w:pPr>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="concat($label, ':')"/>
      </xsl:call-template>
      <w:r><w:tab/></w:r>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="$value"/>
        <xsl:with-param name="b" select="true()"/>
      </xsl:call-template>
    </w:p>
  </xsl:template>

  <!-- A numbered step with a hanging indent: "n.", tab, text, an optional
       bold part and text after it. -->
  <xsl:template name="stap">
    <xsl:param name="n"/>
    <xsl:param name="voor"/>
    <xsl:param name="vet" select="''"/>
    <xsl:param name="na" select="''"/>
    <xsl:param name="after" select="'80'"/>
    <w:p>
      <w:pPr>
        <w:spacing w:after="{$after}"/>
        <w:ind w:left="454" w:hanging="454"/>
      </w:pPr>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="concat($n, '.')"/>
      </xsl:call-template>
      <w:r><w:tab/></w:r>
      <xsl:call-template name="r">
        <xsl:with-param name="text" select="$voor"/>
      </xsl:call-template>
      <xsl:if test="$vet != ''">
        <xsl:call-template name="r">
          <xsl:with-param name="text" select="$vet"/>
          <xsl:with-param name="b" select="true()"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="$na != ''">
        <xsl:call-template name="r">
          <xsl:with-param name="text" select="$na"/>
        </xsl:call-template>
      </xsl:if>
    </w:p>
  </xsl:template>

  <!-- One run of text; rPr children in schema order. -->
  <xsl:template name="r">
    <xsl:param name="text"/>
    <xsl:param name="b" select="false()"/>
    <xsl:param name="sz" select="''"/>
    <xsl:param name="small" select="false()"/>
    <w:r>
      <xsl:if test="$b or $small or $sz != ''">
        <w:rPr>
          <xsl:if test="$b"><w:b/><w:bCs/></xsl:if>
          <xsl:if test="$small"><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></xsl:if>
          <xsl:if test="$sz != ''"><w:sz w:val="{$sz}"/><w:szCs w:val="{$sz}"/></xsl:if>
        </w:rPr>
      </xsl:if>
      <w:t xml:space="preserve"><xsl:value-of select="$text"/></w:t>
    </w:r>
  </xsl:template>
</xsl:stylesheet>
