<?xml version="1.0" encoding="UTF-8"?>
<!-- A dossier as XSL-FO (A4), for the PDF: deel A, deel B, or the whole
     dossier with the akkoordverklaring and the history.  Input, built by
     fcgi/document.c from the same data as the pages:
       <document soort="deel-a|deel-b|dossier" definitief="0|1" kenmerk="">
         <school naam brin merk kleur logo/>
         <leerling naam klas geboortedatum leerlingnummer/>
         <dossier id versie fase datum/>
         <overzicht> (as for the pages: forms, antwoorden, mbos,
           akkoordverklaring) </overzicht>
         <verloop><gebeurtenis op soort door versie>note</gebeurtenis>
       </document>
     Every page carries the school, the student, the dossier version and
     date, and 'pagina N van M'.  Text only from the data: no URLs are
     fetched (the logo is a data: URI from the tenant file). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <xsl:import href="lib/dossier.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kleur">
    <xsl:choose>
      <xsl:when test="/document/school/@kleur != ''"><xsl:value-of select="/document/school/@kleur"/></xsl:when>
      <xsl:otherwise>#1d4e89</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:variable name="titel">
    <xsl:choose>
      <xsl:when test="/document/@soort = 'deel-a'">Doorstroomdossier – deel A (leerling)</xsl:when>
      <xsl:when test="/document/@soort = 'deel-b'">Doorstroomdossier – deel B (school)</xsl:when>
      <xsl:otherwise>Doorstroomdossier</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/document">
    <fo:root font-family="DejaVu Sans, WenQuanYi Zen Hei" font-size="10pt"
        line-height="1.35" language="nl" color="#1a1a1a">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="A4" page-height="297mm"
            page-width="210mm" margin-top="12mm" margin-bottom="10mm"
            margin-left="20mm" margin-right="20mm">
          <fo:region-body margin-top="22mm" margin-bottom="14mm"/>
          <fo:region-before extent="18mm"/>
          <fo:region-after extent="10mm"/>
        </fo:simple-page-master>
      </fo:layout-master-set>
      <fo:declarations>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:title><xsl:value-of select="concat($titel, ' – ', leerling/@naam)"/></dc:title>
              <dc:creator><xsl:value-of select="school/@naam"/></dc:creator>
              <dc:language>nl</dc:language>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>
      <fo:page-sequence master-reference="A4">
        <fo:static-content flow-name="xsl-region-before">
          <fo:block border-bottom="1.5pt solid {$kleur}">
          <fo:table table-layout="fixed" width="100%">
            <fo:table-column column-width="14mm"/>
            <fo:table-column column-width="proportional-column-width(1)"/>
            <fo:table-column column-width="proportional-column-width(1)"/>
            <fo:table-body>
              <fo:table-row>
                <fo:table-cell padding-bottom="2mm" display-align="center">
                  <fo:block>
                    <xsl:if test="school/@logo != ''">
                      <fo:external-graphic src="url('{school/@logo}')" content-width="10mm"
                          content-height="10mm" scaling="uniform"
                          fox:alt-text="Logo {school/@naam}"
                          xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"/>
                    </xsl:if>
                  </fo:block>
                </fo:table-cell>
                <fo:table-cell padding-bottom="2mm" display-align="center">
                  <fo:block font-weight="bold" color="{$kleur}"><xsl:value-of select="school/@naam"/></fo:block>
                  <fo:block font-size="8pt"><xsl:value-of select="$titel"/></fo:block>
                </fo:table-cell>
                <fo:table-cell padding-bottom="2mm" display-align="center">
                  <fo:block text-align="end" font-weight="bold"><xsl:value-of select="leerling/@naam"/></fo:block>
                  <fo:block text-align="end" font-size="8pt">
                    <xsl:if test="leerling/@klas != ''">Klas <xsl:value-of select="leerling/@klas"/></xsl:if>
                  </fo:block>
                </fo:table-cell>
              </fo:table-row>
            </fo:table-body>
          </fo:table>
          </fo:block>
        </fo:static-content>
        <fo:static-content flow-name="xsl-region-after">
          <fo:block font-size="8pt" color="#555555" text-align-last="justify" border-top="0.5pt solid #999999" padding-top="1mm">
            <xsl:text>Dossier </xsl:text><xsl:value-of select="dossier/@id"/>
            <xsl:text>, versie </xsl:text><xsl:value-of select="dossier/@versie"/>
            <xsl:text>, </xsl:text>
            <xsl:call-template name="datum"><xsl:with-param name="d" select="dossier/@datum"/></xsl:call-template>
            <fo:leader leader-pattern="space"/>
            <xsl:text>pagina </xsl:text><fo:page-number/><xsl:text> van </xsl:text><fo:page-number-citation ref-id="einde"/>
          </fo:block>
        </fo:static-content>
        <fo:flow flow-name="xsl-region-body">
          <fo:block role="H1" font-size="18pt" font-weight="bold" color="{$kleur}" space-after="4mm">
            <xsl:value-of select="$titel"/>
          </fo:block>
          <xsl:call-template name="gegevens"/>
          <xsl:choose>
            <xsl:when test="@soort = 'deel-a'">
              <xsl:apply-templates select="overzicht/form[@id = 'deel-a']"/>
            </xsl:when>
            <xsl:when test="@soort = 'deel-b'">
              <xsl:apply-templates select="overzicht/form[@id != 'deel-a']"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="overzicht/form"/>
              <xsl:apply-templates select="overzicht/akkoordverklaring"/>
              <xsl:apply-templates select="verloop"/>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="@kenmerk != ''">
            <fo:block space-before="8mm" font-size="8pt" color="#555555" keep-together.within-page="always">
              <fo:block>Kenmerk van de inhoud (SHA-256), om de echtheid na te gaan bij de school:</fo:block>
              <fo:block font-family="DejaVu Sans Mono" wrap-option="wrap"><xsl:value-of select="@kenmerk"/></fo:block>
            </fo:block>
          </xsl:if>
          <fo:block id="einde"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <!-- Who and what: the facts an MBO intake officer looks for first. -->
  <xsl:template name="gegevens">
    <fo:table table-layout="fixed" width="100%" space-after="5mm" font-size="9.5pt">
      <fo:table-column column-width="45mm"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-body>
        <xsl:call-template name="regel"><xsl:with-param name="k">Leerling</xsl:with-param><xsl:with-param name="v" select="leerling/@naam"/></xsl:call-template>
        <xsl:call-template name="regel"><xsl:with-param name="k">Leerlingnummer</xsl:with-param><xsl:with-param name="v" select="leerling/@leerlingnummer"/></xsl:call-template>
        <xsl:if test="leerling/@geboortedatum != ''">
          <xsl:call-template name="regel">
            <xsl:with-param name="k">Geboortedatum</xsl:with-param>
            <xsl:with-param name="v"><xsl:call-template name="datum"><xsl:with-param name="d" select="leerling/@geboortedatum"/></xsl:call-template></xsl:with-param>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="regel"><xsl:with-param name="k">School</xsl:with-param><xsl:with-param name="v" select="concat(school/@naam, ' (BRIN ', school/@brin, ')')"/></xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Fase</xsl:with-param>
          <xsl:with-param name="v"><xsl:call-template name="fase-naam"><xsl:with-param name="fase" select="dossier/@fase"/></xsl:call-template></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="regel">
          <xsl:with-param name="k">Versie</xsl:with-param>
          <xsl:with-param name="v">
            <xsl:value-of select="dossier/@versie"/>
            <xsl:text> van </xsl:text>
            <xsl:call-template name="datum"><xsl:with-param name="d" select="dossier/@datum"/></xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template name="regel">
    <xsl:param name="k"/>
    <xsl:param name="v"/>
    <fo:table-row>
      <fo:table-cell padding="0.6mm 0"><fo:block color="#555555"><xsl:value-of select="$k"/></fo:block></fo:table-cell>
      <fo:table-cell padding="0.6mm 0"><fo:block><xsl:value-of select="$v"/></fo:block></fo:table-cell>
    </fo:table-row>
  </xsl:template>

  <xsl:template match="form">
    <fo:block role="H2" font-size="14pt" font-weight="bold" color="{$kleur}" space-before="6mm"
        space-after="2mm" keep-with-next.within-page="always">
      <xsl:value-of select="@title"/>
    </fo:block>
    <xsl:for-each select="step">
      <fo:block role="H3" font-size="11.5pt" font-weight="bold" space-before="4mm" space-after="1.5mm"
          padding-bottom="0.5mm" border-bottom="0.5pt solid #bbbbbb" keep-with-next.within-page="always">
        <xsl:value-of select="@title"/>
      </fo:block>
      <xsl:for-each select="question">
        <xsl:variable name="id" select="@id"/>
        <xsl:variable name="v" select="ancestor::overzicht/antwoorden/a[@q = $id]"/>
        <xsl:if test="$v or not(@show-if)">
          <fo:block space-before="2mm" font-weight="bold" font-size="9.5pt" keep-with-next.within-page="always">
            <xsl:value-of select="label"/>
          </fo:block>
          <fo:block start-indent="4mm" linefeed-treatment="preserve" white-space-collapse="false"
              wrap-option="wrap" widows="2" orphans="2">
            <xsl:choose>
              <xsl:when test="not($v) or $v = ''"><fo:inline font-style="italic" color="#666666">niet ingevuld</fo:inline></xsl:when>
              <xsl:when test="@type = 'bijlage'">
                <xsl:for-each select="ancestor::overzicht/bijlagen/bijlage[@id = $v]">
                  <xsl:text>Bijlage: </xsl:text><xsl:value-of select="@naam"/>
                  <xsl:text> (</xsl:text><xsl:call-template name="bestandsgrootte"><xsl:with-param name="bytes" select="@bytes"/></xsl:call-template>
                  <xsl:text>), SHA-256 </xsl:text>
                  <fo:inline font-family="DejaVu Sans Mono" font-size="7pt"><xsl:value-of select="@sha256"/></fo:inline>
                  <xsl:text>. Het bestand zelf hoort bij het digitale dossier.</xsl:text>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise><xsl:call-template name="antwoord"><xsl:with-param name="v" select="$v"/></xsl:call-template></xsl:otherwise>
            </xsl:choose>
          </fo:block>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="akkoordverklaring">
    <fo:block role="H2" font-size="14pt" font-weight="bold" color="{$kleur}" space-before="6mm"
        space-after="2mm" keep-with-next.within-page="always">Akkoordverklaring</fo:block>
    <fo:block>
      <xsl:text>De leerling heeft akkoord gegeven op </xsl:text>
      <xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template>
      <xsl:text> voor versie </xsl:text><xsl:value-of select="@versie"/><xsl:text> van het dossier.</xsl:text>
    </fo:block>
    <xsl:if test="@ouder != ''">
      <fo:block space-before="1.5mm">
        <xsl:text>Toestemming van de ouder of verzorger: </xsl:text>
        <xsl:value-of select="@ouder"/> (<xsl:value-of select="@relatie"/>).
      </fo:block>
    </xsl:if>
    <xsl:if test=". != ''">
      <fo:block space-before="2mm" font-weight="bold" font-size="9.5pt" keep-with-next.within-page="always">Opmerkingen van de leerling</fo:block>
      <fo:block start-indent="4mm" linefeed-treatment="preserve" white-space-collapse="false"><xsl:value-of select="."/></fo:block>
    </xsl:if>
  </xsl:template>

  <!-- The history in short: the transitions, not every saved step. -->
  <xsl:template match="verloop">
    <fo:block role="H2" font-size="14pt" font-weight="bold" color="{$kleur}" space-before="6mm"
        space-after="2mm" keep-with-next.within-page="always">Verloop</fo:block>
    <fo:table table-layout="fixed" width="100%" font-size="8.5pt">
      <fo:table-column column-width="30mm"/>
      <fo:table-column column-width="proportional-column-width(2)"/>
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="14mm"/>
      <fo:table-header>
        <fo:table-row font-weight="bold" border-bottom="0.5pt solid #999999">
          <fo:table-cell><fo:block>Datum</fo:block></fo:table-cell>
          <fo:table-cell><fo:block>Wat</fo:block></fo:table-cell>
          <fo:table-cell><fo:block>Door</fo:block></fo:table-cell>
          <fo:table-cell><fo:block text-align="end">Versie</fo:block></fo:table-cell>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="gebeurtenis[@soort != 'stap_opgeslagen']">
          <fo:table-row>
            <fo:table-cell padding="0.4mm 0"><fo:block><xsl:call-template name="datum"><xsl:with-param name="d" select="@op"/></xsl:call-template></fo:block></fo:table-cell>
            <fo:table-cell padding="0.4mm 1mm 0.4mm 0">
              <fo:block>
                <xsl:call-template name="gebeurtenis-naam"/>
                <xsl:if test=". != ''"> – <xsl:value-of select="."/></xsl:if>
              </fo:block>
            </fo:table-cell>
            <fo:table-cell padding="0.4mm 0"><fo:block><xsl:value-of select="@door"/></fo:block></fo:table-cell>
            <fo:table-cell padding="0.4mm 0"><fo:block text-align="end"><xsl:value-of select="@versie"/></fo:block></fo:table-cell>
          </fo:table-row>
        </xsl:for-each>
        <xsl:if test="not(gebeurtenis[@soort != 'stap_opgeslagen'])">
          <fo:table-row><fo:table-cell number-columns-spanned="4"><fo:block>Nog geen gebeurtenissen.</fo:block></fo:table-cell></fo:table-row>
        </xsl:if>
      </fo:table-body>
    </fo:table>
  </xsl:template>
</xsl:stylesheet>
