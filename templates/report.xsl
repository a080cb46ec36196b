<?xml version="1.0" encoding="UTF-8"?>
<!-- report.xsl - render the access-review XML report as one HTML page -->
<!-- SPDX-License-Identifier: MIT -->
<!--
  Output is one self-contained page: inline CSS, inline SVG charts, no
  script, no external reference, readable when printed.  Every value goes
  through normal output escaping (never disable-output-escaping).

  Two ways to run it:
  - whole ($part = ''): `xsltproc report.xsl report.xml` renders the page
    in one go (without a DOCTYPE line); fine for small reports.
  - in parts (src/report/html.c): a report of a million grants would not
    fit in memory as one tree, so the renderer streams the XML and calls
    this stylesheet once per part on a small document: the context
    (snapshot, summary, sources, systems) plus at most one chunk of a
    long list (findings, accounts, warnings, review items,
    revocations, context accounts).  It writes
    the DOCTYPE, <html>, <body> and their end tags itself.  Parts, in
    page order: head, top, findings-begin, findings (per chunk),
    accounts-begin / accounts / accounts-end (per system), warnings-begin,
    warnings, then for a campaign's report reviewItems-begin (which
    renders <campaign>), reviewItems, reviewItems-end, and the same for
    revocations and reviewContext; bottom.

  Findings and privileged accounts are listed in full; the account list
  of a system shows the first $account-limit accounts plus every
  privileged one and says how many more are only in the XML report.
-->
<xsl:stylesheet version="1.0"
		xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
		xmlns:r="urn:accessreview:report:1"
		exclude-result-prefixes="r">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <!-- which part to render; '' for the whole page -->
  <xsl:param name="part" select="''"/>
  <!-- findings: 1 when this chunk starts a severity group -->
  <xsl:param name="heading" select="1"/>
  <!-- accounts-begin: 1 for the first system -->
  <xsl:param name="first" select="1"/>
  <!-- accounts-end, reviewItems-end, ...: how many rows the list showed -->
  <xsl:param name="shown" select="0"/>
  <xsl:param name="account-limit" select="2000"/>

  <!-- Bar area of the charts, in SVG user units. -->
  <xsl:variable name="bar-x" select="170"/>
  <xsl:variable name="bar-width" select="420"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="r:accessReview">
	<xsl:apply-templates select="r:accessReview"/>
      </xsl:when>
      <xsl:otherwise>
	<xsl:message terminate="yes">not an access-review report</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="r:accessReview">
    <xsl:choose>
      <xsl:when test="$part = ''">
	<xsl:call-template name="whole"/>
      </xsl:when>
      <xsl:when test="$part = 'head'">
	<xsl:call-template name="head"/>
      </xsl:when>
      <xsl:when test="$part = 'top'">
	<xsl:call-template name="top"/>
      </xsl:when>
      <xsl:when test="$part = 'findings-begin'">
	<xsl:call-template name="findings-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'findings'">
	<xsl:call-template name="findings-chunk">
	  <xsl:with-param name="items" select="r:findings/r:finding"/>
	  <xsl:with-param name="with-heading" select="$heading = 1"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'accounts-begin'">
	<xsl:apply-templates select="r:accounts" mode="begin">
	  <xsl:with-param name="first-system" select="$first = 1"/>
	</xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$part = 'accounts'">
	<xsl:call-template name="account-table">
	  <xsl:with-param name="accounts" select="r:accounts/r:account"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'accounts-end'">
	<xsl:apply-templates select="r:accounts" mode="end">
	  <xsl:with-param name="rows" select="$shown"/>
	</xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$part = 'warnings-begin'">
	<xsl:call-template name="warnings-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'warnings'">
	<xsl:call-template name="warning-list">
	  <xsl:with-param name="items" select="r:warnings/r:warning"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'reviewItems-begin'">
	<xsl:apply-templates select="r:campaign"/>
	<xsl:call-template name="review-items-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'reviewItems'">
	<xsl:call-template name="item-table">
	  <xsl:with-param name="items" select="r:reviewItems/r:item"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'revocations-begin'">
	<xsl:call-template name="revocations-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'revocations'">
	<xsl:call-template name="revocation-table">
	  <xsl:with-param name="items" select="r:revocations/r:revocation"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'reviewContext-begin'">
	<xsl:call-template name="context-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'reviewContext'">
	<xsl:call-template name="context-table">
	  <xsl:with-param name="items" select="r:reviewContext/r:context"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'exceptions-begin'">
	<xsl:call-template name="exceptions-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'exceptions'">
	<xsl:call-template name="exception-table">
	  <xsl:with-param name="items" select="r:exceptions/r:exception"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'previousRevocations-begin'">
	<xsl:call-template name="previous-revocations-begin"/>
      </xsl:when>
      <xsl:when test="$part = 'previousRevocations'">
	<xsl:call-template name="previous-revocation-table">
	  <xsl:with-param name="items"
			  select="r:previousRevocations/r:revocation"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$part = 'reviewItems-end' or
		      $part = 'revocations-end' or
		      $part = 'reviewContext-end' or
		      $part = 'exceptions-end' or
		      $part = 'previousRevocations-end'">
	<xsl:if test="$shown = 0">
	  <p class="none">None.</p>
	</xsl:if>
      </xsl:when>
      <xsl:when test="$part = 'bottom'">
	<xsl:call-template name="bottom"/>
      </xsl:when>
      <xsl:otherwise>
	<xsl:message terminate="yes">unknown part</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== the whole page in one go ===== -->

  <xsl:template name="whole">
    <html lang="en">
      <xsl:call-template name="head"/>
      <body>
	<xsl:call-template name="top"/>
	<xsl:call-template name="findings-begin"/>
	<xsl:variable name="findings" select="r:findings/r:finding"/>
	<xsl:for-each select="r:summary/r:bySeverity[@count &gt; 0]">
	  <xsl:call-template name="findings-chunk">
	    <xsl:with-param name="items"
			    select="$findings[@severity = current()/@severity]"/>
	    <xsl:with-param name="with-heading" select="true()"/>
	  </xsl:call-template>
	</xsl:for-each>
	<xsl:for-each select="r:accounts">
	  <xsl:variable name="rows"
			select="r:account[position() &lt;= $account-limit or
				@privileged = 'true']"/>
	  <xsl:apply-templates select="." mode="begin">
	    <xsl:with-param name="first-system" select="position() = 1"/>
	  </xsl:apply-templates>
	  <xsl:if test="$rows">
	    <xsl:call-template name="account-table">
	      <xsl:with-param name="accounts" select="$rows"/>
	    </xsl:call-template>
	  </xsl:if>
	  <xsl:apply-templates select="." mode="end">
	    <xsl:with-param name="rows" select="count($rows)"/>
	  </xsl:apply-templates>
	</xsl:for-each>
	<xsl:call-template name="warnings-begin"/>
	<xsl:if test="r:warnings/r:warning">
	  <xsl:call-template name="warning-list">
	    <xsl:with-param name="items" select="r:warnings/r:warning"/>
	  </xsl:call-template>
	</xsl:if>
	<xsl:apply-templates select="r:campaign"/>
	<xsl:if test="r:reviewItems">
	  <xsl:call-template name="review-items-begin"/>
	  <xsl:call-template name="whole-list">
	    <xsl:with-param name="items" select="r:reviewItems/r:item"/>
	    <xsl:with-param name="table" select="'items'"/>
	  </xsl:call-template>
	  <xsl:call-template name="revocations-begin"/>
	  <xsl:call-template name="whole-list">
	    <xsl:with-param name="items" select="r:revocations/r:revocation"/>
	    <xsl:with-param name="table" select="'revocations'"/>
	  </xsl:call-template>
	  <xsl:call-template name="context-begin"/>
	  <xsl:call-template name="whole-list">
	    <xsl:with-param name="items" select="r:reviewContext/r:context"/>
	    <xsl:with-param name="table" select="'context'"/>
	  </xsl:call-template>
	  <xsl:call-template name="exceptions-begin"/>
	  <xsl:call-template name="whole-list">
	    <xsl:with-param name="items" select="r:exceptions/r:exception"/>
	    <xsl:with-param name="table" select="'exceptions'"/>
	  </xsl:call-template>
	  <xsl:call-template name="previous-revocations-begin"/>
	  <xsl:call-template name="whole-list">
	    <xsl:with-param name="items"
			    select="r:previousRevocations/r:revocation"/>
	    <xsl:with-param name="table" select="'previous'"/>
	  </xsl:call-template>
	</xsl:if>
	<xsl:call-template name="bottom"/>
      </body>
    </html>
  </xsl:template>

  <!-- ===== head, header, summary ===== -->

  <xsl:template name="head">
    <head>
      <title>Access review <xsl:value-of select="@period"/></title>
      <style>
	<xsl:call-template name="css"/>
      </style>
    </head>
  </xsl:template>

  <xsl:template name="top">
    <header>
      <h1>Access review <xsl:value-of select="@period"/></h1>
      <dl class="meta">
	<dt>Period</dt>
	<dd><xsl:value-of select="@period"/></dd>
	<dt>Generated</dt>
	<dd><xsl:value-of select="@generatedAt"/></dd>
	<dt>Tool version</dt>
	<dd><xsl:value-of select="@toolVersion"/></dd>
	<dt>Snapshot</dt>
	<dd>
	  <xsl:value-of select="concat(r:snapshot/@id, ', taken ',
				r:snapshot/@takenAt)"/>
	</dd>
	<xsl:if test="r:snapshot/@previousId">
	  <dt>Compared with</dt>
	  <dd>snapshot <xsl:value-of select="r:snapshot/@previousId"/></dd>
	</xsl:if>
      </dl>
    </header>
    <nav>
      <a href="#summary">Summary</a>
      <a href="#findings">Findings</a>
      <a href="#systems">Systems</a>
      <a href="#warnings">Warnings</a>
      <a href="#sources">Sources</a>
    </nav>
    <xsl:apply-templates select="r:summary"/>
  </xsl:template>

  <xsl:template match="r:summary">
    <h2 id="summary">Summary</h2>
    <table class="totals">
      <thead>
	<tr>
	  <th>Systems</th><th>People</th><th>Accounts</th>
	  <th>Grants</th><th>Findings</th><th>Warnings</th>
	</tr>
      </thead>
      <tbody>
	<tr>
	  <td class="num"><xsl:value-of select="@systems"/></td>
	  <td class="num"><xsl:value-of select="@people"/></td>
	  <td class="num"><xsl:value-of select="@accounts"/></td>
	  <td class="num"><xsl:value-of select="@grants"/></td>
	  <td class="num"><xsl:value-of select="@findings"/></td>
	  <td class="num"><xsl:value-of select="@warnings"/></td>
	</tr>
      </tbody>
    </table>

    <div class="charts">
      <figure>
	<figcaption>Findings by severity</figcaption>
	<xsl:call-template name="severity-chart"/>
      </figure>
      <figure>
	<figcaption>MFA coverage per system</figcaption>
	<xsl:call-template name="mfa-chart"/>
      </figure>
    </div>

    <h3>Findings by code</h3>
    <xsl:choose>
      <xsl:when test="r:byCode">
	<table class="totals">
	  <thead>
	    <tr><th>Code</th><th>Severity</th><th>Count</th></tr>
	  </thead>
	  <tbody>
	    <xsl:for-each select="r:byCode">
	      <tr>
		<td><code><xsl:value-of select="@code"/></code></td>
		<td><xsl:call-template name="severity-badge"/></td>
		<td class="num"><xsl:value-of select="@count"/></td>
	      </tr>
	    </xsl:for-each>
	  </tbody>
	</table>
      </xsl:when>
      <xsl:otherwise>
	<p class="none">No findings.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Horizontal bars, one per severity, scaled to the largest count. -->
  <xsl:template name="severity-chart">
    <xsl:variable name="max">
      <xsl:for-each select="r:bySeverity">
	<xsl:sort select="@count" data-type="number" order="descending"/>
	<xsl:if test="position() = 1">
	  <xsl:value-of select="@count"/>
	</xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <svg class="chart" role="img" width="720" height="150"
	 viewBox="0 0 720 150">
      <title>Findings by severity</title>
      <xsl:for-each select="r:bySeverity">
	<xsl:variable name="y" select="8 + (position() - 1) * 28"/>
	<xsl:variable name="w">
	  <xsl:choose>
	    <xsl:when test="$max &gt; 0">
	      <xsl:value-of select="@count * $bar-width div $max"/>
	    </xsl:when>
	    <xsl:otherwise>0</xsl:otherwise>
	  </xsl:choose>
	</xsl:variable>
	<text x="{$bar-x - 10}" y="{$y + 15}" text-anchor="end">
	  <xsl:value-of select="@severity"/>
	</text>
	<rect x="{$bar-x}" y="{$y}" height="20"
	      width="{format-number($w, '0.##')}"
	      class="sev-{@severity}">
	  <title>
	    <xsl:value-of select="concat(@severity, ': ', @count)"/>
	  </title>
	</rect>
	<text x="{format-number($bar-x + $w + 6, '0.##')}" y="{$y + 15}">
	  <xsl:value-of select="@count"/>
	</text>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <!-- One stacked bar per system: enabled, disabled, unknown, n/a. -->
  <xsl:template name="mfa-chart">
    <xsl:variable name="systems" select="../r:systems/r:system"/>
    <svg class="chart" role="img" width="720"
	 height="{40 + count($systems) * 28}"
	 viewBox="0 0 720 {40 + count($systems) * 28}">
      <title>MFA coverage per system</title>
      <g class="legend">
	<rect x="{$bar-x}" y="4" width="12" height="12" class="mfa-enabled"/>
	<text x="{$bar-x + 16}" y="14">enabled</text>
	<rect x="{$bar-x + 90}" y="4" width="12" height="12"
	      class="mfa-disabled"/>
	<text x="{$bar-x + 106}" y="14">disabled</text>
	<rect x="{$bar-x + 180}" y="4" width="12" height="12"
	      class="mfa-unknown"/>
	<text x="{$bar-x + 196}" y="14">unknown</text>
	<rect x="{$bar-x + 270}" y="4" width="12" height="12"
	      class="mfa-not-applicable"/>
	<text x="{$bar-x + 286}" y="14">not applicable</text>
      </g>
      <xsl:for-each select="$systems">
	<xsl:variable name="y" select="30 + (position() - 1) * 28"/>
	<xsl:variable name="c" select="r:counts"/>
	<text x="{$bar-x - 10}" y="{$y + 15}" text-anchor="end">
	  <xsl:value-of select="@name"/>
	</text>
	<xsl:choose>
	  <xsl:when test="$c/@accounts &gt; 0">
	    <xsl:variable name="scale" select="$bar-width div $c/@accounts"/>
	    <xsl:variable name="w1" select="$c/@mfaEnabled * $scale"/>
	    <xsl:variable name="w2" select="$c/@mfaDisabled * $scale"/>
	    <xsl:variable name="w3" select="$c/@mfaUnknown * $scale"/>
	    <xsl:variable name="w4" select="$c/@mfaNotApplicable * $scale"/>
	    <xsl:call-template name="mfa-segment">
	      <xsl:with-param name="x" select="$bar-x"/>
	      <xsl:with-param name="y" select="$y"/>
	      <xsl:with-param name="w" select="$w1"/>
	      <xsl:with-param name="status" select="'enabled'"/>
	      <xsl:with-param name="count" select="$c/@mfaEnabled"/>
	    </xsl:call-template>
	    <xsl:call-template name="mfa-segment">
	      <xsl:with-param name="x" select="$bar-x + $w1"/>
	      <xsl:with-param name="y" select="$y"/>
	      <xsl:with-param name="w" select="$w2"/>
	      <xsl:with-param name="status" select="'disabled'"/>
	      <xsl:with-param name="count" select="$c/@mfaDisabled"/>
	    </xsl:call-template>
	    <xsl:call-template name="mfa-segment">
	      <xsl:with-param name="x" select="$bar-x + $w1 + $w2"/>
	      <xsl:with-param name="y" select="$y"/>
	      <xsl:with-param name="w" select="$w3"/>
	      <xsl:with-param name="status" select="'unknown'"/>
	      <xsl:with-param name="count" select="$c/@mfaUnknown"/>
	    </xsl:call-template>
	    <xsl:call-template name="mfa-segment">
	      <xsl:with-param name="x" select="$bar-x + $w1 + $w2 + $w3"/>
	      <xsl:with-param name="y" select="$y"/>
	      <xsl:with-param name="w" select="$w4"/>
	      <xsl:with-param name="status" select="'not-applicable'"/>
	      <xsl:with-param name="count" select="$c/@mfaNotApplicable"/>
	    </xsl:call-template>
	    <text x="{$bar-x + $bar-width + 6}" y="{$y + 15}">
	      <xsl:choose>
		<xsl:when test="@mfaSupported = 'true'">
		  <xsl:value-of
		      select="format-number($c/@mfaEnabled div $c/@accounts,
			      '0%')"/>
		  <xsl:text> enabled</xsl:text>
		</xsl:when>
		<xsl:otherwise>not supported</xsl:otherwise>
	      </xsl:choose>
	    </text>
	  </xsl:when>
	  <xsl:otherwise>
	    <rect x="{$bar-x}" y="{$y}" width="{$bar-width}" height="20"
		  class="empty"/>
	    <text x="{$bar-x + 6}" y="{$y + 15}">no accounts</text>
	  </xsl:otherwise>
	</xsl:choose>
      </xsl:for-each>
    </svg>
  </xsl:template>

  <xsl:template name="mfa-segment">
    <xsl:param name="x"/>
    <xsl:param name="y"/>
    <xsl:param name="w"/>
    <xsl:param name="status"/>
    <xsl:param name="count"/>
    <xsl:if test="$count &gt; 0">
      <rect x="{format-number($x, '0.##')}" y="{$y}" height="20"
	    width="{format-number($w, '0.##')}" class="mfa-{$status}">
	<title>
	  <xsl:value-of select="concat(@name, ': ', $count, ' ', $status)"/>
	</title>
      </rect>
    </xsl:if>
  </xsl:template>

  <!-- ===== findings ===== -->

  <xsl:template name="findings-begin">
    <h2 id="findings">Findings</h2>
    <xsl:if test="r:summary/@findings = 0">
      <p class="none">No findings.</p>
    </xsl:if>
  </xsl:template>

  <!-- Findings of one severity, most severe first as the XML has them. -->
  <xsl:template name="findings-chunk">
    <xsl:param name="items"/>
    <xsl:param name="with-heading"/>
    <xsl:variable name="severity" select="$items[1]/@severity"/>
    <xsl:if test="$with-heading">
      <xsl:variable name="count"
		    select="/r:accessReview/r:summary/r:bySeverity[@severity =
			    $severity]/@count"/>
      <h3 class="sev-head">
	<span class="badge sev-{$severity}">
	  <xsl:value-of select="$severity"/>
	</span>
	<xsl:value-of select="concat(' ', $count, ' finding')"/>
	<xsl:if test="$count != 1">s</xsl:if>
      </h3>
    </xsl:if>
    <table class="list findings">
      <colgroup>
	<col class="w-code"/><col class="w-system"/><col class="w-account"/>
	<col class="w-person"/><col/>
      </colgroup>
      <thead>
	<tr>
	  <th>Code</th><th>System</th><th>Account</th><th>Person</th>
	  <th>Detail</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td><code><xsl:value-of select="@code"/></code></td>
	    <td><xsl:value-of select="@system"/></td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@login"><xsl:value-of select="@login"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="@account"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@personName">
		  <xsl:value-of select="@personName"/>
		</xsl:when>
		<xsl:otherwise><xsl:value-of select="@person"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td><xsl:value-of select="."/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="severity-badge">
    <span class="badge sev-{@severity}">
      <xsl:value-of select="@severity"/>
    </span>
  </xsl:template>

  <!-- ===== systems and their accounts ===== -->

  <!-- A system's heading and counts, before its account rows. -->
  <xsl:template match="r:accounts" mode="begin">
    <xsl:param name="first-system"/>
    <xsl:variable name="name" select="@system"/>
    <xsl:variable name="system" select="../r:systems/r:system[@name = $name]"/>
    <xsl:variable name="c" select="$system/r:counts"/>
    <xsl:if test="$first-system">
      <h2 id="systems">Systems</h2>
    </xsl:if>
    <h3 class="system"
	id="system-{count($system/preceding-sibling::r:system) + 1}">
      <xsl:value-of select="$name"/>
    </h3>
    <p class="system-meta">
      <xsl:value-of select="$system/@category"/>
      <xsl:if test="$system/@owner">
	<xsl:text>; owner </xsl:text>
	<xsl:value-of select="$system/@owner"/>
      </xsl:if>
      <xsl:text>; MFA </xsl:text>
      <xsl:choose>
	<xsl:when test="$system/@mfaSupported = 'true'">supported</xsl:when>
	<xsl:otherwise>not supported</xsl:otherwise>
      </xsl:choose>
    </p>
    <table class="totals">
      <thead>
	<tr>
	  <th>Accounts</th><th>Active</th><th>Privileged</th>
	  <th>MFA enabled</th><th>MFA disabled</th><th>MFA unknown</th>
	  <th>MFA n/a</th><th>Findings</th>
	</tr>
      </thead>
      <tbody>
	<tr>
	  <td class="num"><xsl:value-of select="$c/@accounts"/></td>
	  <td class="num"><xsl:value-of select="$c/@active"/></td>
	  <td class="num"><xsl:value-of select="$c/@privileged"/></td>
	  <td class="num"><xsl:value-of select="$c/@mfaEnabled"/></td>
	  <td class="num"><xsl:value-of select="$c/@mfaDisabled"/></td>
	  <td class="num"><xsl:value-of select="$c/@mfaUnknown"/></td>
	  <td class="num"><xsl:value-of select="$c/@mfaNotApplicable"/></td>
	  <td class="num"><xsl:value-of select="$c/@findings"/></td>
	</tr>
      </tbody>
    </table>
    <xsl:if test="$c/@accounts &gt; $account-limit">
      <p class="note">
	<xsl:value-of select="concat('Listed: the first ', $account-limit,
			      ' accounts and every privileged account.')"/>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- After the rows: what the list left out. -->
  <xsl:template match="r:accounts" mode="end">
    <xsl:param name="rows"/>
    <xsl:variable name="name" select="@system"/>
    <xsl:variable name="total"
		  select="../r:systems/r:system[@name = $name]/r:counts/@accounts"/>
    <xsl:choose>
      <xsl:when test="$rows = 0">
	<p class="none">No accounts.</p>
      </xsl:when>
      <xsl:when test="$total &gt; $rows">
	<p class="more">
	  <xsl:value-of select="$total - $rows"/>
	  <xsl:text> more accounts in the XML report.</xsl:text>
	</p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="account-table">
    <xsl:param name="accounts"/>
    <table class="list accounts">
      <colgroup>
	<col class="w-login"/><col class="w-name"/><col class="w-person"/>
	<col class="w-flag"/><col class="w-mfa"/><col class="w-date"/><col/>
      </colgroup>
      <thead>
	<tr>
	  <th>Account</th><th>Name</th><th>Person</th><th>Active</th>
	  <th>MFA</th><th>Last login</th><th>Privileged entitlements</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$accounts">
	  <tr>
	    <xsl:if test="@active = 'false'">
	      <xsl:attribute name="class">inactive</xsl:attribute>
	    </xsl:if>
	    <td>
	      <xsl:choose>
		<xsl:when test="@login"><xsl:value-of select="@login"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="@id"/></xsl:otherwise>
	      </xsl:choose>
	      <xsl:if test="@service = 'true'">
		<span class="tag">service</span>
	      </xsl:if>
	      <xsl:if test="@privileged = 'true'">
		<span class="tag priv">privileged</span>
	      </xsl:if>
	    </td>
	    <td><xsl:value-of select="@displayName"/></td>
	    <td><xsl:apply-templates select="r:person | r:unmatched"/></td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@active = 'true'">yes</xsl:when>
		<xsl:otherwise>no</xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td>
	      <span class="mfa mfa-{@mfa}"><xsl:value-of select="@mfa"/></span>
	    </td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@lastLogin">
		  <xsl:value-of select="substring(@lastLogin, 1, 10)"/>
		</xsl:when>
		<xsl:when test="@never = 'true'">never</xsl:when>
		<xsl:otherwise>unknown</xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td>
	      <xsl:for-each select="r:entitlement[@privileged = 'true']">
		<xsl:if test="position() &gt; 1">, </xsl:if>
		<xsl:value-of select="@name"/>
		<xsl:if test="@via">
		  <xsl:value-of select="concat(' (via ', @via, ')')"/>
		</xsl:if>
	      </xsl:for-each>
	    </td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="r:person">
    <xsl:choose>
      <xsl:when test="@displayName"><xsl:value-of select="@displayName"/></xsl:when>
      <xsl:when test="@email"><xsl:value-of select="@email"/></xsl:when>
      <xsl:when test="@uid"><xsl:value-of select="@uid"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@key"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@disabled = 'true'">
      <span class="tag alert">left</span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="r:unmatched">
    <span class="tag alert">
      <xsl:choose>
	<xsl:when test="../@matchCount &gt; 1">
	  <xsl:value-of select="concat('ambiguous: ', ../@matchCount,
				' people')"/>
	</xsl:when>
	<xsl:otherwise>unmatched</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- ===== warnings ===== -->

  <xsl:template name="warnings-begin">
    <h2 id="warnings">Warnings</h2>
    <xsl:if test="r:summary/@warnings = 0">
      <p class="none">No warnings.</p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="warning-list">
    <xsl:param name="items"/>
    <ul class="warnings">
      <xsl:for-each select="$items">
	<li>
	  <xsl:if test="@system">
	    <strong><xsl:value-of select="@system"/></strong>
	    <xsl:text>: </xsl:text>
	  </xsl:if>
	  <xsl:value-of select="."/>
	</li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- ===== campaign ===== -->

  <xsl:template match="r:campaign">
    <h2 id="campaign">
      <xsl:text>Review campaign </xsl:text>
      <xsl:value-of select="@id"/>
      <xsl:if test="@period">
	<xsl:value-of select="concat(' (', @period, ')')"/>
      </xsl:if>
    </h2>
    <dl class="meta">
      <dt>State</dt>
      <dd>
	<xsl:value-of select="@state"/>
	<xsl:if test="@forced = 'true'">
	  <span class="tag alert">forced</span>
	  <xsl:value-of select="concat(' ', @forceReason)"/>
	</xsl:if>
      </dd>
      <xsl:if test="@reason">
	<dt>Event</dt><dd><xsl:value-of select="@reason"/></dd>
      </xsl:if>
      <dt>Snapshot</dt><dd><xsl:value-of select="@snapshot"/></dd>
      <dt>Opened</dt>
      <dd><xsl:value-of select="concat(@openedAt, ' by ', @openedBy)"/></dd>
      <dt>Due</dt><dd><xsl:value-of select="@due"/></dd>
      <xsl:if test="@closedAt">
	<dt>Closed</dt>
	<dd><xsl:value-of select="concat(@closedAt, ' by ', @closedBy)"/></dd>
      </xsl:if>
      <dt>Systems</dt>
      <dd>
	<xsl:for-each select="r:scope/r:system">
	  <xsl:if test="position() &gt; 1">, </xsl:if>
	  <xsl:value-of select="@name"/>
	  <xsl:if test="@reviewer = 'manager'"> (managers review)</xsl:if>
	</xsl:for-each>
      </dd>
      <xsl:if test="r:audit/@head">
	<dt>Audit log head</dt>
	<dd><code class="hash"><xsl:value-of select="r:audit/@head"/></code>
	<xsl:value-of select="concat(' (', r:audit/@entries,
			      ' entries for this campaign)')"/></dd>
      </xsl:if>
    </dl>
    <xsl:apply-templates select="r:completion"/>
    <xsl:apply-templates select="r:signals"/>
    <xsl:apply-templates select="r:reviewers"/>
    <xsl:apply-templates select="r:attestations"/>
    <xsl:apply-templates select="r:imports"/>
  </xsl:template>

  <xsl:template match="r:attestations">
    <h3 id="attestations">MFA attestations</h3>
    <xsl:choose>
      <xsl:when test="r:attestation">
	<table>
	  <thead>
	    <tr>
	      <th>System</th><th>Attested</th><th>By</th><th>When</th>
	      <th>Active</th><th>MFA on</th><th>Off</th><th>Unknown</th>
	      <th>N/A</th><th>Statement</th>
	    </tr>
	  </thead>
	  <tbody>
	    <xsl:for-each select="r:attestation">
	      <tr>
		<td>
		  <xsl:value-of select="@system"/>
		  <xsl:if test="@account">
		    <xsl:value-of select="concat(' / ', @account)"/>
		  </xsl:if>
		</td>
		<td>
		  <xsl:choose>
		    <xsl:when test="@kind = 'account'">
		      <xsl:value-of select="concat('account MFA ', @mfa)"/>
		    </xsl:when>
		    <xsl:when test="@enforced = 'true'">MFA enforced</xsl:when>
		    <xsl:when test="@enforced = 'false'">
		      <span class="tag alert">not enforced</span>
		    </xsl:when>
		    <xsl:otherwise>figures</xsl:otherwise>
		  </xsl:choose>
		  <xsl:if test="@signer">
		    <br/><code><xsl:value-of select="@signer"/></code>
		  </xsl:if>
		</td>
		<td><xsl:value-of select="@attestedBy"/></td>
		<td><xsl:value-of select="@attestedAt"/></td>
		<td class="num"><xsl:value-of select="r:figures/@active"/></td>
		<td class="num"><xsl:value-of select="r:figures/@enabled"/></td>
		<td class="num"><xsl:value-of select="r:figures/@disabled"/></td>
		<td class="num">
		  <xsl:value-of select="concat(r:figures/@unknown, ' (',
					r:figures/@attestedAccounts,
					' attested)')"/>
		</td>
		<td class="num"><xsl:value-of select="r:figures/@notApplicable"/></td>
		<td><xsl:value-of select="r:statement"/></td>
	      </tr>
	    </xsl:for-each>
	  </tbody>
	</table>
      </xsl:when>
      <xsl:otherwise>
	<p class="none">No MFA attestation yet.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="exceptions-begin">
    <h3 id="exceptions">Exceptions</h3>
  </xsl:template>

  <xsl:template name="previous-revocations-begin">
    <h3 id="previous-revocations">Last campaign's revocations: applied?</h3>
  </xsl:template>

  <xsl:template name="exception-table">
    <xsl:param name="items"/>
    <table class="list exceptions">
      <colgroup>
	<col class="w-date"/><col class="w-system"/><col class="w-login"/>
	<col class="w-name"/><col class="w-person"/><col/>
      </colgroup>
      <thead>
	<tr>
	  <th>Expires</th><th>System</th><th>Account</th><th>Entitlement</th>
	  <th>Granted by</th><th>Justification</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td>
	      <xsl:value-of select="@expires"/>
	      <xsl:if test="@expired = 'true'">
		<span class="tag alert">expired</span>
	      </xsl:if>
	      <xsl:if test="@replacedBy">
		<span class="tag">decided again</span>
	      </xsl:if>
	    </td>
	    <td><xsl:value-of select="@system"/></td>
	    <td><xsl:value-of select="@account"/></td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@kind = 'account'">(the whole account)</xsl:when>
		<xsl:otherwise><xsl:value-of select="@entitlement"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td>
	      <xsl:value-of select="concat(@decidedBy, ', campaign ',
				    @campaign)"/>
	    </td>
	    <td><xsl:value-of select="@justification"/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="previous-revocation-table">
    <xsl:param name="items"/>
    <table class="list previous">
      <colgroup>
	<col class="w-flag"/><col class="w-system"/><col class="w-login"/>
	<col class="w-name"/><col class="w-person"/><col/>
      </colgroup>
      <thead>
	<tr>
	  <th>Outcome</th><th>System</th><th>Account</th><th>Entitlement</th>
	  <th>Revoked by</th><th>Revoked</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td>
	      <xsl:choose>
		<xsl:when test="@outcome = 'not-applied'">
		  <span class="tag alert">not applied</span>
		</xsl:when>
		<xsl:otherwise><xsl:value-of select="@outcome"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td><xsl:value-of select="@system"/></td>
	    <td><xsl:value-of select="@account"/></td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@kind = 'account'">(the whole account)</xsl:when>
		<xsl:otherwise><xsl:value-of select="@entitlement"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td><xsl:value-of select="@decidedBy"/></td>
	    <td><xsl:value-of select="@decidedAt"/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="r:completion">
    <h3>Completion</h3>
    <table class="totals">
      <tr><th>Items</th><td class="num"><xsl:value-of select="@items"/></td></tr>
      <tr><th>Decided</th><td class="num"><xsl:value-of select="@decided"/></td></tr>
      <tr><th>Kept</th><td class="num"><xsl:value-of select="@kept"/></td></tr>
      <tr><th>Revoked</th><td class="num"><xsl:value-of select="@revoked"/></td></tr>
      <tr><th>Exceptions</th><td class="num"><xsl:value-of select="@exceptions"/></td></tr>
      <tr><th>Undecided</th><td class="num"><xsl:value-of select="@undecided"/></td></tr>
      <tr><th>Privileged (undecided)</th>
	<td class="num"><xsl:value-of select="concat(@privileged, ' (',
					    @privilegedUndecided, ')')"/></td></tr>
      <tr><th>With the fallback reviewer</th>
	<td class="num"><xsl:value-of select="@fallback"/></td></tr>
      <tr><th>Inactive, listed for context</th>
	<td class="num"><xsl:value-of select="@context"/></td></tr>
    </table>
  </xsl:template>

  <xsl:template match="r:signals">
    <h3 id="signals">Quality signals</h3>
    <xsl:choose>
      <xsl:when test="r:signal">
	<ul class="warnings">
	  <xsl:for-each select="r:signal">
	    <li>
	      <span class="tag alert"><xsl:value-of select="@kind"/></span>
	      <xsl:text> </xsl:text>
	      <xsl:if test="@reviewer">
		<strong><xsl:value-of select="@reviewer"/></strong>
		<xsl:text>: </xsl:text>
	      </xsl:if>
	      <xsl:value-of select="."/>
	    </li>
	  </xsl:for-each>
	</ul>
      </xsl:when>
      <xsl:otherwise>
	<p class="none">No signals.</p>
      </xsl:otherwise>
    </xsl:choose>
    <p class="note">Decisions arrive in files, and every row of a file is
    recorded at the time the file was imported: how quickly a reviewer
    decided is measured per file, from the issue of the worksheets to the
    import (rubber-stamping: under 2 seconds a decision).</p>
  </xsl:template>

  <xsl:template match="r:reviewers">
    <h3>Reviewers</h3>
    <table>
      <thead>
	<tr>
	  <th>Reviewer</th><th>Roles</th><th>Items</th><th>Decided</th>
	  <th>Kept</th><th>Revoked</th><th>Exceptions</th>
	  <th>By delegate</th><th>Kept without reason</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="r:reviewer">
	  <tr>
	    <td><xsl:value-of select="@email"/></td>
	    <td><xsl:value-of select="@roles"/></td>
	    <td class="num"><xsl:value-of select="@items"/></td>
	    <td class="num"><xsl:value-of select="@decided"/></td>
	    <td class="num"><xsl:value-of select="@kept"/></td>
	    <td class="num"><xsl:value-of select="@revoked"/></td>
	    <td class="num"><xsl:value-of select="@exceptions"/></td>
	    <td class="num"><xsl:value-of select="@delegateDecided"/></td>
	    <td class="num"><xsl:value-of select="@keptWithoutReason"/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="r:imports">
    <h3>Decision files</h3>
    <xsl:choose>
      <xsl:when test="r:import">
	<table>
	  <thead>
	    <tr>
	      <th>Imported</th><th>Reviewer</th><th>File</th><th>Rows</th>
	      <th>Changed</th><th>Signed by</th><th>SHA-256</th>
	    </tr>
	  </thead>
	  <tbody>
	    <xsl:for-each select="r:import">
	      <tr>
		<td><xsl:value-of select="@importedAt"/></td>
		<td><xsl:value-of select="@reviewer"/></td>
		<td><code><xsl:value-of select="@file"/></code></td>
		<td class="num"><xsl:value-of select="@rows"/></td>
		<td class="num"><xsl:value-of select="@changed"/></td>
		<td><code><xsl:value-of select="@signer"/></code></td>
		<td><code class="hash"><xsl:value-of select="@sha256"/></code></td>
	      </tr>
	    </xsl:for-each>
	  </tbody>
	</table>
      </xsl:when>
      <xsl:otherwise>
	<p class="none">No decision file imported yet.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="review-items-begin">
    <h3 id="items">Items and decisions</h3>
  </xsl:template>

  <xsl:template name="revocations-begin">
    <h3 id="revocations">Revocations</h3>
  </xsl:template>

  <xsl:template name="context-begin">
    <h3 id="context">Inactive accounts (context, not decided)</h3>
  </xsl:template>

  <!-- whole-page mode: a list in one table, or "None." -->
  <xsl:template name="whole-list">
    <xsl:param name="items"/>
    <xsl:param name="table"/>
    <xsl:choose>
      <xsl:when test="not($items)">
	<p class="none">None.</p>
      </xsl:when>
      <xsl:when test="$table = 'items'">
	<xsl:call-template name="item-table">
	  <xsl:with-param name="items" select="$items"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$table = 'revocations'">
	<xsl:call-template name="revocation-table">
	  <xsl:with-param name="items" select="$items"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$table = 'exceptions'">
	<xsl:call-template name="exception-table">
	  <xsl:with-param name="items" select="$items"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:when test="$table = 'previous'">
	<xsl:call-template name="previous-revocation-table">
	  <xsl:with-param name="items" select="$items"/>
	</xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
	<xsl:call-template name="context-table">
	  <xsl:with-param name="items" select="$items"/>
	</xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="item-table">
    <xsl:param name="items"/>
    <table class="list items">
      <colgroup>
	<col class="w-system"/><col class="w-login"/><col class="w-name"/>
	<col class="w-mfa"/><col class="w-person"/><col class="w-date"/>
	<col/>
      </colgroup>
      <thead>
	<tr>
	  <th>System</th><th>Account</th><th>Entitlement</th>
	  <th>Decision</th><th>Reviewer</th><th>Decided</th><th>Comment</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td><xsl:value-of select="@system"/></td>
	    <td>
	      <xsl:value-of select="@account"/>
	      <xsl:if test="@personName">
		<br/><xsl:value-of select="@personName"/>
	      </xsl:if>
	    </td>
	    <td>
	      <xsl:value-of select="@entitlement"/>
	      <xsl:if test="@privileged = 'true'">
		<span class="tag priv">privileged</span>
	      </xsl:if>
	    </td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@decision">
		  <xsl:value-of select="@decision"/>
		  <xsl:if test="@expires">
		    <xsl:value-of select="concat(' until ', @expires)"/>
		  </xsl:if>
		</xsl:when>
		<xsl:otherwise><span class="tag alert">undecided</span></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td>
	      <xsl:value-of select="@reviewer"/>
	      <xsl:if test="@reviewerRole = 'fallback'">
		<span class="tag">fallback</span>
	      </xsl:if>
	      <xsl:if test="@decidedBy and @decidedBy != @reviewer">
		<br/><xsl:value-of select="concat('by ', @decidedBy)"/>
	      </xsl:if>
	    </td>
	    <td><xsl:value-of select="@decidedAt"/></td>
	    <td>
	      <xsl:value-of select="@comment"/>
	      <xsl:if test="@keptWithoutReason = 'true'">
		<span class="tag alert">no reason given</span>
	      </xsl:if>
	      <xsl:if test="@history">
		<br/><small><xsl:value-of select="concat('Before: ',
						   @history)"/></small>
	      </xsl:if>
	      <xsl:if test="@mfaAttested">
		<br/><small><xsl:value-of select="concat('MFA ', @mfaAttested,
						   ', attested by ',
						   @mfaAttestedBy, ' at ',
						   @mfaAttestedAt)"/></small>
	      </xsl:if>
	    </td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="revocation-table">
    <xsl:param name="items"/>
    <table class="list revocations">
      <colgroup>
	<col class="w-system"/><col class="w-login"/><col class="w-name"/>
	<col class="w-person"/><col class="w-date"/><col/>
      </colgroup>
      <thead>
	<tr>
	  <th>System</th><th>Account</th><th>Entitlement</th>
	  <th>Decided by</th><th>Decided</th><th>Comment</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td><xsl:value-of select="@system"/></td>
	    <td><xsl:value-of select="@account"/></td>
	    <td>
	      <xsl:choose>
		<xsl:when test="@kind = 'account'">(the whole account)</xsl:when>
		<xsl:otherwise><xsl:value-of select="@entitlement"/></xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td><xsl:value-of select="@decidedBy"/></td>
	    <td><xsl:value-of select="@decidedAt"/></td>
	    <td><xsl:value-of select="@comment"/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="context-table">
    <xsl:param name="items"/>
    <table class="list context">
      <colgroup>
	<col class="w-system"/><col class="w-login"/><col class="w-person"/>
	<col/>
      </colgroup>
      <thead>
	<tr><th>System</th><th>Account</th><th>Person</th><th>Note</th></tr>
      </thead>
      <tbody>
	<xsl:for-each select="$items">
	  <tr>
	    <td><xsl:value-of select="@system"/></td>
	    <td><xsl:value-of select="@account"/></td>
	    <td><xsl:value-of select="@person"/></td>
	    <td><xsl:value-of select="@note"/></td>
	  </tr>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ===== sources and footer ===== -->

  <xsl:template name="bottom">
    <xsl:if test="not(r:systems/r:system)">
      <h2 id="systems">Systems</h2>
      <p class="none">No systems in this snapshot.</p>
    </xsl:if>
    <xsl:apply-templates select="r:sources"/>
    <footer>
      <xsl:value-of select="concat('Generated by accessreview ',
			    @toolVersion, ' at ', @generatedAt,
			    ' from snapshot ', r:snapshot/@id, '. ')"/>
      Every number above traces back to the inputs listed under Sources;
      the XML report holds every account.
    </footer>
  </xsl:template>

  <xsl:template match="r:sources">
    <h2 id="sources">Sources</h2>
    <table class="sources">
      <thead>
	<tr>
	  <th>System</th><th>Role</th><th>Format</th><th>Location</th>
	  <th>Records</th><th>Declared</th><th>Bytes</th><th>SHA-256</th>
	</tr>
      </thead>
      <tbody>
	<xsl:for-each select="r:source">
	  <tr>
	    <td>
	      <xsl:choose>
		<xsl:when test="@system"><xsl:value-of select="@system"/></xsl:when>
		<xsl:otherwise>(directory)</xsl:otherwise>
	      </xsl:choose>
	    </td>
	    <td><xsl:value-of select="@role"/></td>
	    <td>
	      <xsl:value-of select="@format"/>
	      <xsl:if test="@preset">
		<xsl:value-of select="concat(' (', @preset, ')')"/>
	      </xsl:if>
	    </td>
	    <td><code><xsl:value-of select="@location"/></code></td>
	    <td class="num"><xsl:value-of select="@records"/></td>
	    <td class="num"><xsl:value-of select="@declared"/></td>
	    <td class="num"><xsl:value-of select="@bytes"/></td>
	    <td><code class="hash"><xsl:value-of select="@sha256"/></code></td>
	  </tr>
	  <xsl:if test="@incomplete">
	    <tr class="incomplete">
	      <td colspan="8">
		<span class="tag alert">incomplete</span>
		<xsl:text> </xsl:text>
		<xsl:value-of select="@incomplete"/>
	      </td>
	    </tr>
	  </xsl:if>
	</xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ===== style ===== -->

  <xsl:template name="css">
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       Helvetica, Arial, sans-serif; color: #1d2228; margin: 0 auto;
       max-width: 1200px; padding: 1.5em; }
h1 { margin: 0 0 .4em; font-size: 1.8em; }
h2 { border-bottom: 2px solid #d6dbe1; padding-bottom: .2em;
     margin-top: 2em; }
h3 { margin: 1.4em 0 .5em; }
h4 { margin: 1em 0 .4em; color: #404852; }
nav { margin: 1em 0; padding: .5em 0; border-top: 1px solid #d6dbe1;
      border-bottom: 1px solid #d6dbe1; }
nav a { margin-right: 1.2em; color: #1f5fa8; text-decoration: none; }
dl.meta { display: grid; grid-template-columns: max-content auto;
          gap: .15em 1em; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #d6dbe1; padding: .25em .5em; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
/* Long lists arrive as consecutive tables of up to 1000 rows: fixed
   column widths line them up, and only the first shows its header. */
table.list { table-layout: fixed; margin: 0; }
table.list + table.list { margin-top: -1px; }
table.list + table.list thead { display: none; }
table.list + :not(table) { margin-top: 1em; }
col.w-code { width: 16%; } col.w-system { width: 10%; }
col.w-account, col.w-login { width: 14%; } col.w-name { width: 14%; }
col.w-person { width: 16%; } col.w-flag { width: 6%; }
col.w-mfa { width: 9%; } col.w-date { width: 9%; }
th { background: #f1f3f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.totals { width: auto; }
tr.inactive td { color: #6b7480; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
       monospace; font-size: .92em; }
code.hash { font-size: .8em; word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .3em; }
svg.chart { font-size: 12px; max-width: 100%; height: auto; }
svg.chart text { fill: #1d2228; }
svg.chart rect.empty { fill: none; stroke: #b8c0ca; }
.badge, .tag { display: inline-block; padding: 0 .45em; border-radius: 3px;
               font-size: .85em; font-weight: 600; }
.tag { background: #e8ebef; color: #404852; margin-left: .4em; }
.tag.alert { background: #fde2e1; color: #8f1d18; }
.tag.priv { background: #ede9fe; color: #4c1d95; }
.sev-critical { background: #7f1d1d; color: #fff; fill: #7f1d1d; }
.sev-high { background: #dc2626; color: #fff; fill: #dc2626; }
.sev-medium { background: #f59e0b; color: #1d2228; fill: #f59e0b; }
.sev-low { background: #fde68a; color: #1d2228; fill: #eab308; }
.sev-info { background: #dbeafe; color: #1e3a8a; fill: #3b82f6; }
.mfa { font-weight: 600; }
span.mfa-enabled { color: #15803d; }
span.mfa-disabled { color: #b91c1c; }
span.mfa-unknown { color: #b45309; }
span.mfa-not-applicable { color: #6b7480; }
rect.mfa-enabled { fill: #16a34a; }
rect.mfa-disabled { fill: #dc2626; }
rect.mfa-unknown { fill: #f59e0b; }
rect.mfa-not-applicable { fill: #9ca3af; }
p.none { color: #6b7480; font-style: italic; }
p.more, p.note { font-style: italic; }
h3.system { border-bottom: 1px solid #d6dbe1; margin-top: 2em; }
tr.incomplete td { background: #fff7ed; }
footer { margin-top: 3em; color: #6b7480; font-size: .9em;
         border-top: 1px solid #d6dbe1; padding-top: .5em; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  nav { display: none; }
  h2, h3, h4 { page-break-after: avoid; break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
  </xsl:template>
</xsl:stylesheet>
