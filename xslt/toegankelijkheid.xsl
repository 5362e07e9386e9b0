<?xml version="1.0" encoding="UTF-8"?>
<!-- De toegankelijkheidsverklaring: what was tested and how, keyboard
     use, and what is known not to be perfect.  Public page; the input is
     <toegankelijkheid/> (with the usual <session> when logged in, for the
     header), nothing else. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="lib/layout.xsl"/>

  <xsl:template match="toegankelijkheid" mode="title">Toegankelijkheidsverklaring</xsl:template>

  <xsl:template match="toegankelijkheid" mode="main">
    <!-- A soft hyphen: the long word breaks there on a phone. -->
    <h1>Toegankelijkheids&#173;verklaring</h1>
    <p class="lead">Iedereen moet het Digitaal Doorstroomdossier kunnen gebruiken: leerlingen op hun
    telefoon, mentoren en decanen op een laptop, met muis, toetsenbord of schermlezer.</p>
    <p>We houden ons aan de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA. Dat is de
    norm uit EN 301 549 die voor de Nederlandse overheid geldt en waar scholen om gevraagd worden.</p>

    <section aria-labelledby="getest-kop">
      <h2 id="getest-kop">Wat we testen</h2>
      <ul>
        <li>Bij elke wijziging speelt een automatische test de hele handleiding na in een echte
        browser (Chromium): de decaan leest een leerlinglijst in en stuurt de accountgegevens, een
        leerling activeert zijn account met de link uit de e-mail, logt in, activeert het
        doorstroomdossier en vult deel A in op een telefoonscherm, de mentor vult deel B in op een
        laptop, de leerling geeft akkoord samen met een ouder, en de mbo-school opent het dossier en
        downloadt de PDF.</li>
        <li>Elke pagina die de test bezoekt, controleren we met axe-core op alle regels van WCAG 2.0
        en 2.1, niveau A en AA. Dat gebeurt op twee breedtes: 360 pixels (een telefoon) en
        1280 pixels (een laptop). Bij één overtreding faalt de test.</li>
        <li>Op beide breedtes controleren we dat de pagina niet opzij scrollt.</li>
        <li>Ook foutmeldingen testen we: een verkeerd BSN geeft een overzicht bovenaan de pagina en
        een melding bij het veld.</li>
        <li>De pagina's werken zonder JavaScript. Ze laden geen lettertypen, scripts of andere
        bestanden van buiten; alles komt van onze eigen server.</li>
      </ul>
    </section>

    <section aria-labelledby="toetsenbord-kop">
      <h2 id="toetsenbord-kop">Werken met het toetsenbord</h2>
      <ul>
        <li>Met Tab ga je langs elke link, knop en elk veld, in de volgorde van de pagina. Met Shift+Tab
        ga je terug. Een keuzerondje kies je met de pijltjestoetsen, een vinkje met de spatiebalk.</li>
        <li>De eerste Tab op een pagina toont de link ‘Naar de inhoud’: daarmee sla je de kop van de
        pagina over.</li>
        <li>Wat de focus heeft, krijgt een dikke gele rand.</li>
        <li>Zijn er fouten na het opslaan, dan staat bovenaan een overzicht met een link naar elk veld
        met een fout; de melding staat ook bij het veld zelf.</li>
      </ul>
    </section>

    <section aria-labelledby="niet-perfect-kop">
      <h2 id="niet-perfect-kop">Wat nog niet perfect is</h2>
      <ul>
        <li>Een automatische test vindt niet alles. We hebben de pagina's nog niet helemaal met de hand
        getest met een schermlezer, zoals NVDA of VoiceOver.</li>
        <li>Een vervolgvraag verschijnt pas nadat je de stap hebt opgeslagen. Zonder JavaScript kan
        dat niet anders.</li>
        <li>De akkoordverklaring is op een telefoon een lange pagina: eerst heel deel A en deel B, dan
        pas het akkoord. Bovenaan staat een link die meteen naar ‘Akkoord geven’ gaat.</li>
        <li>Tabellen met veel kolommen kunnen op een telefoon binnen hun eigen vak opzij schuiven.</li>
        <li>De grafiek op het dashboard heeft op een telefoon kleine letters. Dezelfde aantallen staan
        als tekst in de vakken erboven.</li>
        <li>De PDF van het dossier is een PDF met structuur (tags), maar we hebben hem nog niet
        getoetst aan PDF/UA. De pagina’s ‘Bekijken’ tonen dezelfde inhoud als webpagina.</li>
      </ul>
    </section>

    <section aria-labelledby="melden-kop">
      <h2 id="melden-kop">Iets werkt niet?</h2>
      <p>Kun je iets niet gebruiken, of is iets lastig te lezen of te bedienen? Vertel het je mentor
      of decaan. Die geeft het door, zodat we het kunnen verbeteren. Medewerkers van scholen en
      mbo-instellingen melden het bij de beheerder van het Digitaal Doorstroomdossier.</p>
    </section>

    <p class="small">Laatst bijgewerkt: november 2026.</p>
    <p><a href="/">Naar de startpagina</a></p>
  </xsl:template>
</xsl:stylesheet>
