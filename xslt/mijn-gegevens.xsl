<?xml version="1.0" encoding="UTF-8"?>
<!-- The student's own 'Mijn gegevens' (AVG art. 15): what the school keeps
     about them and the download of all of it.  Input (fcgi/page_privacy.c):
     <mijn-gegevens><leerling klas email bsn>name</leerling></mijn-gegevens>. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="mijn-gegevens" mode="title">Mijn gegevens</xsl:template>

  <xsl:template match="mijn-gegevens" mode="main">
    <p class="crumbs"><a href="/">Start</a> › Mijn gegevens</p>
    <h1>Mijn gegevens</h1>
    <p class="lead">Je school bewaart gegevens over jou in het Digitaal Doorstroomdossier. Je mag alles zien wat de school
      over je bewaart (de AVG noemt dat je recht op inzage).</p>
    <h2>Wat de school over je bewaart</h2>
    <ul>
      <li>je account: <bdi><xsl:value-of select="leerling"/></bdi><xsl:if test="leerling/@klas != ''">, klas <xsl:value-of select="leerling/@klas"/></xsl:if>,
        je leerlingnummer, geboortedatum<xsl:if test="leerling/@email != ''"> en e-mailadres (<xsl:value-of select="leerling/@email"/>)</xsl:if>;</li>
      <li>of je BSN gekoppeld is<xsl:if test="leerling/@bsn = '1'"> (dat is zo; in de download staan alleen de laatste drie cijfers)</xsl:if>;</li>
      <li>je dossiers: je antwoorden, je bijlagen, het verloop, je akkoordverklaring en de opgeslagen PDF's
        (deel B zie je zodra je mentor het naar je heeft opgestuurd);</li>
      <li>de mails die je hebt gekregen, en de mails aan je mentor over jouw dossier (onderwerp, datum, aan wie);</li>
      <li>wie van de school of van je mbo-school je dossier heeft bekeken of gedownload, en wat de school voor je heeft gedaan
        (bijvoorbeeld een mail opnieuw gestuurd).</li>
    </ul>
    <h2>Alles downloaden</h2>
    <p>Je krijgt één zip-bestand met een PDF om te lezen, hetzelfde als XML-bestand voor een computer, je bijlagen en de
      PDF's van je dossiers. De school ziet in haar logboek dat je dit hebt gedownload.</p>
    <form method="post" action="/mijn-gegevens/export">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="button">Mijn gegevens downloaden (zip)</button>
    </form>
    <p>Klopt er iets niet, of wil je dat de school je gegevens verwijdert? Vraag het je decaan.</p>
  </xsl:template>
</xsl:stylesheet>
