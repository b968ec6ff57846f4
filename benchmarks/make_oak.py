"""Generate the bundled files drawn from Oak National Academy's open curriculum data.

Reads Oak's maths Turtle files (``../shared/reference/oak-maths`` or ``--oak DIR``;
see its SOURCE.md) with rdflib, a development-only dependency, and writes:

- ``curricula/frameworks/england-ks1.yaml`` and ``england-ks2.yaml``: every national
  curriculum (2014) content descriptor for Years 1 to 6 as a statement, by year
  group and sub-strand, with the descriptor's IRI;
- ``curricula/schemes/oak-primary.yaml``, ``oak-ks3.yaml``, ``oak-ks4-foundation.yaml``
  and ``oak-ks4-higher.yaml``: Oak's units in Oak's order, one step per lesson.

Re-run it when Oak publishes a new release. ``--check`` writes nothing and exits 1
when a bundled file differs from what the data gives (0 when all agree).

Usage: python benchmarks/make_oak.py [--oak DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OAK = ROOT.parent / "shared" / "reference" / "oak-maths"
CURRIC = Namespace("https://w3id.org/uk/oak/curriculum/ontology/")
NATCURRIC = Namespace("https://w3id.org/uk/oak/curriculum/nationalcurriculum/")

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
RELEASE = "oak-curriculum-ontology commit 0de3af3 (data version 0.1.3)"

#: Oak's sub-strands (Years 1-6) -> (code letters, our strand name).
SUBSTRANDS = {
    "number-and-place-value": ("NPV", "place-value"),
    "addition-and-subtraction": ("AS", "addition-subtraction"),
    "multiplication-and-division": ("MD", "multiplication-division"),
    "addition-subtraction-multiplication-and-division": ("ASMD", "four-operations"),
    "fractions": ("F", "fractions"),
    "fractions-including-decimals": ("F", "fractions"),
    "fractions-including-decimals-and-percentages": ("F", "fractions"),
    "ratio-and-proportion": ("R", "ratio"),
    "algebra-algebra": ("A", "algebra"),
    "measurement": ("M", "measurement"),
    "properties-of-shape": ("G", "geometry"),
    "position-and-direction": ("PD", "position-direction"),
    "statistics-statistics": ("S", "statistics"),
}

#: Within Years 1-6: the links an experienced primary maths lead insists on, by
#: code (statement -> statements it builds on). Cross-stage links are in england.yaml.
PRIMARY_LINKS: dict[str, list[str]] = {
    "Y1-NPV-02": ["Y1-NPV-01"],
    "Y1-AS-01": ["Y1-AS-03"],
    "Y1-AS-04": ["Y1-AS-01"],
    "Y2-NPV-01": ["Y1-NPV-02"],
    "Y2-NPV-05": ["Y1-NPV-02"],
    "Y2-AS-01": ["Y1-AS-01", "Y2-NPV-05"],
    "Y2-AS-02": ["Y1-AS-03"],
    "Y2-AS-03": ["Y1-AS-03"],
    "Y2-MD-02": ["Y1-NPV-02"],
    "Y2-MD-01": ["Y2-MD-02"],
    "Y2-MD-04": ["Y1-MD-01", "Y2-MD-01"],
    "Y2-F-01": ["Y1-F-01", "Y1-F-02"],
    "Y2-F-02": ["Y2-F-01"],
    "Y2-M-08": ["Y1-M-12"],
    "Y2-M-06": ["Y1-M-09"],
    "Y2-G-03": ["Y1-G-01"],
    "Y2-G-04": ["Y1-G-02"],
    "Y2-PD-02": ["Y1-PD-01"],
    "Y3-NPV-05": ["Y3-NPV-04"],
    "Y3-AS-02": ["Y3-NPV-05"],
    "Y3-MD-03": ["Y3-MD-01"],
    "Y3-F-04": ["Y3-F-05"],
    "Y3-F-01": ["Y3-F-05"],
    "Y3-F-02": ["Y3-F-05"],
    "Y3-M-05": ["Y3-M-06"],
    "Y3-G-04": ["Y3-G-03"],
    "Y4-NPV-07": ["Y3-NPV-05"],
    "Y4-NPV-08": ["Y4-NPV-07"],
    "Y4-AS-01": ["Y3-AS-02", "Y4-NPV-07"],
    "Y4-MD-02": ["Y3-MD-01"],
    "Y4-MD-04": ["Y4-MD-02"],
    "Y4-MD-01": ["Y4-MD-02", "Y4-MD-04"],
    "Y4-F-03": ["Y3-F-03"],
    "Y4-F-06": ["Y4-F-03"],
    "Y4-F-05": ["Y3-F-04"],
    "Y4-F-01": ["Y3-F-01"],
    "Y4-F-08": ["Y4-F-06"],
    "Y4-M-04": ["Y3-M-05"],
    "Y4-G-03": ["Y3-G-03"],
    "Y4-PD-03": ["Y4-PD-02"],
    "Y4-S-01": ["Y3-S-01"],
    "Y5-NPV-04": ["Y4-NPV-07"],
    "Y5-NPV-05": ["Y4-NPV-08"],
    "Y5-NPV-02": ["Y4-NPV-01"],
    "Y5-ASMD-02": ["Y4-AS-01"],
    "Y5-ASMD-09": ["Y4-MD-01"],
    "Y5-ASMD-03": ["Y4-MD-02"],
    "Y5-ASMD-05": ["Y4-MD-03"],
    "Y5-ASMD-04": ["Y5-ASMD-05"],
    "Y5-ASMD-06": ["Y5-ASMD-04"],
    "Y5-ASMD-10": ["Y4-MD-02"],
    "Y5-ASMD-08": ["Y4-F-04"],
    "Y5-F-03": ["Y4-F-05"],
    "Y5-F-01": ["Y4-F-01", "Y5-F-03"],
    "Y5-F-02": ["Y5-F-03"],
    "Y5-F-04": ["Y5-F-08"],
    "Y5-F-07": ["Y4-F-03"],
    "Y5-F-06": ["Y5-F-07"],
    "Y5-F-05": ["Y4-F-06"],
    "Y5-F-09": ["Y5-F-05"],
    "Y5-F-12": ["Y5-F-09"],
    "Y5-F-10": ["Y4-F-08"],
    "Y5-M-01": ["Y4-M-03"],
    "Y5-M-02": ["Y4-M-01", "Y5-ASMD-08"],
    "Y5-G-02": ["Y4-G-03"],
    "Y5-G-05": ["Y4-G-03"],
    "Y5-G-04": ["Y5-G-05"],
    "Y5-PD-01": ["Y4-PD-01", "Y4-PD-02"],
    "Y5-S-02": ["Y4-S-01"],
    "Y6-NPV-01": ["Y5-NPV-04"],
    "Y6-NPV-02": ["Y5-NPV-05"],
    "Y6-NPV-04": ["Y5-NPV-02"],
    "Y6-ASMD-04": ["Y5-ASMD-09"],
    "Y6-ASMD-01": ["Y5-ASMD-03"],
    "Y6-ASMD-02": ["Y5-ASMD-03"],
    "Y6-ASMD-03": ["Y5-ASMD-04", "Y5-ASMD-05"],
    "Y6-ASMD-09": ["Y5-ASMD-12"],
    "Y6-F-10": ["Y5-F-03", "Y6-ASMD-03"],
    "Y6-F-01": ["Y5-F-01", "Y6-F-10"],
    "Y6-F-03": ["Y5-F-02", "Y5-F-08"],
    "Y6-F-07": ["Y5-F-04"],
    "Y6-F-04": ["Y5-F-04"],
    "Y6-F-02": ["Y5-ASMD-03", "Y5-F-05"],
    "Y6-F-08": ["Y5-F-12", "Y6-F-02"],
    "Y6-F-05": ["Y5-ASMD-08", "Y5-F-07"],
    "Y6-F-06": ["Y5-F-06"],
    "Y6-R-02": ["Y5-F-09"],
    "Y6-R-01": ["Y5-ASMD-13"],
    "Y6-R-03": ["Y5-ASMD-13"],
    "Y6-R-04": ["Y5-ASMD-13"],
    "Y6-A-03": ["Y6-A-02"],
    "Y6-A-04": ["Y4-NPV-02"],
    "Y6-M-01": ["Y5-M-01"],
    "Y6-M-02": ["Y5-M-03"],
    "Y6-M-05": ["Y5-M-01"],
    "Y6-M-07": ["Y5-M-02"],
    "Y6-G-01": ["Y4-G-01", "Y5-G-04"],
    "Y6-G-04": ["Y5-G-04"],
    "Y6-G-02": ["Y5-G-02"],
    "Y6-PD-01": ["Y4-PD-02", "Y5-NPV-02"],
    "Y6-PD-02": ["Y5-PD-01", "Y6-PD-01"],
    "Y6-S-01": ["Y5-ASMD-12"],
    "Y6-S-02": ["Y5-G-02", "Y5-S-02"],
}


#: Years 1-6: our own short title for each statement (the descriptor's text stays
#: reachable through its IRI); "code: title", continued on indented lines.
PRIMARY_TITLES_TEXT = """\
Y1-NPV-01: Count on and back across 100, starting at 0, 1 or any number
Y1-NPV-02: Numbers to 100 in digits; count in twos, fives and tens
Y1-NPV-03: One more and one less than a number
Y1-NPV-04: Show numbers with objects, pictures and a number line; words for equal, more, less,
    most, least
Y1-NPV-05: Numbers 1 to 20 in digits and in words
Y1-AS-01: Add and subtract one- and two-digit numbers within 20, zero included
Y1-AS-02: Number sentences with +, − and =: read, write and explain them
Y1-AS-03: Number bonds within 20 and the subtraction facts that go with them
Y1-AS-04: One-step addition and subtraction problems with objects, pictures and missing numbers
Y1-MD-01: One-step multiplication and division problems with objects, pictures and arrays, with
    adult help
Y1-F-01: A half: one of two equal parts of a shape, object or amount
Y1-F-02: A quarter: one of four equal parts of a shape, object or amount
Y1-M-01: Compare capacity and volume in practical problems (full, empty, more, less)
Y1-M-02: Compare lengths and heights in practical problems (longer, shorter, taller)
Y1-M-03: Compare mass in practical problems (heavier, lighter)
Y1-M-04: Compare times in practical problems (quicker, slower, earlier, later)
Y1-M-05: Begin to measure and record capacity and volume
Y1-M-06: Begin to measure and record lengths and heights
Y1-M-07: Begin to measure and record mass
Y1-M-08: Begin to measure and record time in hours, minutes and seconds
Y1-M-09: Coins and notes and what each is worth
Y1-M-10: Words for dates: weekdays, weeks, months and years
Y1-M-11: Put events in time order, using words such as before, after, today and tomorrow
Y1-M-12: Read and show o'clock and half past on a clock face
Y1-G-01: Name common flat shapes: rectangles, squares, circles, triangles
Y1-G-02: Name common solid shapes: cuboids, cubes, pyramids, spheres
Y1-PD-01: Position, direction and movement; turning a full, half, quarter or three-quarter turn
Y2-NPV-01: Compare and order numbers to 100 with <, > and =
Y2-NPV-02: Count in twos, threes and fives from 0 and in tens from any number, both ways
Y2-NPV-03: Show and estimate numbers in several representations
Y2-NPV-04: Numbers to at least 100 in digits and in words
Y2-NPV-05: Tens and ones: what each digit of a two-digit number is worth
Y2-NPV-06: Solve problems with place value and number facts
Y2-AS-01: Add and subtract with objects, pictures and mentally: two-digit and ones, two-digit
    and tens, two two-digit numbers, three ones
Y2-AS-02: Fluent recall of addition and subtraction facts within 20; related facts to 100
Y2-AS-03: Addition and subtraction undo each other: check answers and find missing numbers
Y2-AS-04: Addition can be done in either order, subtraction cannot
Y2-AS-05: Addition and subtraction problems with mental and written methods
Y2-AS-06: Addition and subtraction problems with objects and pictures, including numbers,
    quantities and measures
Y2-MD-01: Multiplication and division statements from the tables, written with ×, ÷ and =
Y2-MD-02: The 2, 5 and 10 times tables and their division facts; odd and even numbers
Y2-MD-03: Multiplication can be done in either order, division cannot
Y2-MD-04: Multiplication and division problems with objects, arrays, repeated addition and
    mental methods
Y2-F-01: Thirds, quarters, two quarters and three quarters of a length, shape, set or amount
Y2-F-02: Simple fractions of amounts (half of 6 is 3); two quarters equal one half
Y2-M-01: Choose standard units and the right instrument to estimate and measure length, mass,
    temperature and capacity
Y2-M-02: Compare and order lengths, masses and capacities; record with <, > and =
Y2-M-03: Compare intervals of time and put them in order
Y2-M-04: Different sets of coins that make the same amount
Y2-M-05: Minutes in an hour, hours in a day
Y2-M-06: The £ and p signs; make a given amount of money
Y2-M-07: Money problems adding and subtracting in one unit, with change
Y2-M-08: Tell the time to 5 minutes (quarter past, quarter to), read and drawn on a clock
Y2-G-01: Sort and compare flat shapes, solid shapes and everyday objects
Y2-G-02: Flat shapes on the faces of solid shapes (a circle on a cylinder)
Y2-G-03: Properties of flat shapes: number of sides, vertical line symmetry
Y2-G-04: Properties of solid shapes: edges, vertices, faces
Y2-PD-01: Arrange objects in patterns and sequences
Y2-PD-02: Describe position and movement: straight lines, rotations, clockwise and anticlockwise
    turns, right angles
Y2-S-01: Answer questions that total and compare categorical data
Y2-S-02: Count objects in each category and sort the categories by size
Y2-S-03: Read and make tally charts, pictograms, block diagrams and simple tables
Y3-NPV-01: Compare and order numbers to 1,000
Y3-NPV-02: Count in 4s, 8s, 50s and 100s; find ten or a hundred more or less
Y3-NPV-03: Show and estimate numbers to 1,000 in several representations
Y3-NPV-04: Numbers to 1,000 in digits and in words
Y3-NPV-05: Hundreds, tens and ones: what each digit of a three-digit number is worth
Y3-NPV-06: Number and practical problems about these ideas
Y3-AS-01: Mental addition and subtraction of ones, tens or hundreds to and from a three-digit
    number
Y3-AS-02: Column addition and subtraction with up to three digits
Y3-AS-03: Estimate an answer and check it with the inverse operation
Y3-AS-04: Addition and subtraction problems, missing numbers included, using facts and place
    value
Y3-MD-01: The 3, 4 and 8 times tables and their division facts
Y3-MD-02: Multiplication and division problems, missing numbers, scaling and correspondence (n
    objects to m)
Y3-MD-03: Written and mental multiplication and division with known tables, two-digit by
    one-digit
Y3-F-01: Add and subtract fractions with one denominator, within one whole
Y3-F-02: Compare and order unit fractions and fractions with one denominator
Y3-F-03: Tenths: count in them and see them as an object split into 10 or a number divided by 10
Y3-F-04: Equivalent fractions with small denominators, shown with diagrams
Y3-F-05: Fractions as numbers: unit and non-unit fractions whose denominators are small
Y3-F-06: Fractions of a set of objects, unit and non-unit
Y3-F-07: Problems using all of the Year 3 fraction ideas
Y3-M-01: Add and subtract money in £ and p and give change
Y3-M-02: Compare how long events take
Y3-M-03: Read time to the nearest minute; seconds, minutes, hours; am and pm
Y3-M-04: Seconds in a minute; days in each month, in a year and a leap year
Y3-M-05: Perimeter of simple flat shapes, measured
Y3-M-06: Measure and compare metric lengths, masses and capacities, and add and subtract them
Y3-M-07: Read analogue clocks (with Roman numerals) and 12- and 24-hour times
Y3-G-01: Draw flat shapes and model solid ones; solid shapes turned round
Y3-G-02: Horizontal, vertical, perpendicular and parallel lines
Y3-G-03: Right angles as quarter turns; angles bigger or smaller than a right angle
Y3-G-04: An angle as a property of a shape or as an amount of turn
Y3-S-01: Bar charts, pictograms and tables: read and present data
Y3-S-02: One- and two-step questions from scaled bar charts, pictograms and tables
Y4-NPV-01: Count back past zero into negative numbers
Y4-NPV-02: Count in 6s, 7s, 9s, 25s and 1,000s
Y4-NPV-03: 1,000 more or less than a number
Y4-NPV-04: Show and estimate numbers in several representations
Y4-NPV-05: Order and compare numbers above 1,000
Y4-NPV-06: Roman numerals to 100, and how zero and place value came into number systems
Y4-NPV-07: Thousands, hundreds, tens and ones: what each digit of a four-digit number is worth
Y4-NPV-08: Round to the nearest 10, 100 or 1,000
Y4-NPV-09: Number and practical problems about these ideas
Y4-AS-01: Column addition and subtraction with up to four digits
Y4-AS-02: Estimate an answer and check it with the inverse operation
Y4-AS-03: Two-step addition and subtraction problems in context, choosing the operation
Y4-MD-01: Short multiplication of two- and three-digit numbers by one digit
Y4-MD-02: All times tables to 12 × 12 and their division facts
Y4-MD-03: Factor pairs and the commutative law in mental work
Y4-MD-04: Problems multiplying and adding, the distributive law, harder correspondence problems
Y4-MD-05: Mental multiplication and division from place value and known facts (× 0, × 1, ÷ 1,
    three numbers)
Y4-F-01: Add and subtract fractions with one denominator
Y4-F-02: Compare decimals with the same number of places, up to two
Y4-F-03: Hundredths: count in them and see them as dividing by 100 or tenths by 10
Y4-F-04: Divide one- and two-digit numbers by 10 and 100; digits as ones, tenths, hundredths
Y4-F-05: Families of equivalent fractions, shown with diagrams
Y4-F-06: Decimals for any number of tenths or hundredths
Y4-F-07: Decimals for a quarter, a half and three quarters
Y4-F-08: Round a one-place decimal to the nearest whole number
Y4-F-09: Fractions of quantities and dividing quantities, non-unit fractions included
Y4-F-10: Measure and money problems with fractions and two-place decimals
Y4-M-01: Convert between units of measure (km to m, hours to minutes)
Y4-M-02: Estimate, compare and calculate measures, money in £ and p included
Y4-M-03: Area of rectilinear shapes by counting squares
Y4-M-04: Perimeter of rectilinear shapes, squares included, in cm and m
Y4-M-05: Convert time between analogue and 12- and 24-hour digital clocks
Y4-M-06: Problems converting hours, minutes, seconds, years, months, weeks and days
Y4-G-01: Compare and classify shapes, quadrilaterals and triangles among them, by properties and
    size
Y4-G-02: Complete a symmetric figure about a given line
Y4-G-03: Acute and obtuse angles; order angles up to two right angles
Y4-G-04: Lines of symmetry in flat shapes in any orientation
Y4-PD-01: Moves between positions as translations left, right, up and down
Y4-PD-02: Coordinates in the first quadrant
Y4-PD-03: Plot points and join them to complete a polygon
Y4-S-01: Present and read discrete and continuous data in bar charts and time graphs
Y4-S-02: Compare, total and find differences from bar charts, pictograms, tables and graphs
Y5-NPV-01: Count on and back in powers of 10 up to 1,000,000
Y5-NPV-02: Negative numbers in context; count on and back through zero
Y5-NPV-03: Roman numerals up to M (1,000), and years written in them
Y5-NPV-04: Numbers to 1,000,000: read, write, order, compare, value of each digit
Y5-NPV-05: Round numbers up to a million to the nearest ten, hundred, thousand, ten thousand or
    hundred thousand
Y5-NPV-06: Number and practical problems about these ideas
Y5-ASMD-01: Mental addition and subtraction with larger and larger numbers
Y5-ASMD-02: Column addition and subtraction of numbers over four digits
Y5-ASMD-03: Short division of up to four digits by one digit; remainders in context
Y5-ASMD-04: Whether a number to 100 is prime; the primes to 19
Y5-ASMD-05: Multiples, factors, all factor pairs, common factors of two numbers
Y5-ASMD-06: Prime, prime factor and composite number: the words and ideas
Y5-ASMD-07: Mental multiplication and division from known facts
Y5-ASMD-08: Whole numbers and decimals multiplied and divided by ten, a hundred and a thousand
Y5-ASMD-09: Multiply up to four digits by one or two digits in writing, long multiplication for
    two digits
Y5-ASMD-10: Square and cube numbers and the ² and ³ notation
Y5-ASMD-11: Multi-step addition and subtraction problems in context, choosing methods
Y5-ASMD-12: Problems mixing the four operations; the equals sign as balance
Y5-ASMD-13: Multiplication and division problems with scaling by simple fractions and simple
    rates
Y5-ASMD-14: Multiplication and division problems with factors, multiples, squares and cubes
Y5-ASMD-15: Check answers by rounding; decide the accuracy a problem needs
Y5-F-01: Add and subtract fractions with equal or related denominators
Y5-F-02: Compare and order fractions with related denominators
Y5-F-03: Fractions equivalent to a given one, tenths and hundredths included, shown visually
Y5-F-04: Whole number times a proper fraction or a mixed number
Y5-F-05: Decimals written as fractions (0.71 = 71/100)
Y5-F-06: Numbers with up to three decimal places: read, write, order, compare
Y5-F-07: Thousandths, related to tenths, hundredths and decimals
Y5-F-08: Mixed numbers and improper fractions, converting between them
Y5-F-09: Per cent as parts per hundred; percentages as fractions and decimals
Y5-F-10: Round two-place decimals to a whole number or one place
Y5-F-11: Problems with numbers to three decimal places
Y5-F-12: Percentages and decimals for halves, quarters, fifths and tenths, twenty-fifths
Y5-M-01: Area of rectangles in cm² and m², compared and calculated; estimate irregular areas
Y5-M-02: Convert between metric units (km and m, cm and m, cm and mm, g and kg, l and ml)
Y5-M-03: Estimate volume with cubes and capacity with water
Y5-M-04: Perimeter of composite rectilinear shapes (cm and m)
Y5-M-05: Problems converting units of time
Y5-M-06: Rough equivalences between metric and imperial units (inches, pounds, pints)
Y5-M-07: Measure problems with all four operations and decimals, scaling included
Y5-G-01: Regular and irregular polygons, told apart by sides and angles
Y5-G-02: Draw and measure angles in degrees
Y5-G-03: Solid shapes, cuboids among them, from flat drawings
Y5-G-04: Angles at a point (360°), on a straight line (180°) and other multiples of 90°
Y5-G-05: Acute, obtuse and reflex angles in degrees, estimated and compared
Y5-G-06: Missing lengths and angles from the properties of rectangles
Y5-PD-01: Where a shape lands after a reflection or a translation, described and drawn
Y5-S-01: Tables and timetables: complete, read and interpret
Y5-S-02: Compare, total and find differences from line graphs
Y6-NPV-01: Numbers to 10,000,000: read, write, order, compare, value of each digit
Y6-NPV-02: Round any whole number to a given accuracy
Y6-NPV-03: Number and practical problems about these ideas
Y6-NPV-04: Negative numbers in context; intervals across zero
Y6-ASMD-01: Short division of up to four-digit numbers by two-digit divisors, with remainders
Y6-ASMD-02: Long division of up to four-digit numbers by two-digit divisors; remainders as whole
    numbers, fractions or by rounding
Y6-ASMD-03: Common factors, common multiples and primes
Y6-ASMD-04: Long multiplication of up to four-digit numbers by two-digit numbers
Y6-ASMD-05: Mental calculation with large numbers and mixed operations
Y6-ASMD-06: Multi-step addition and subtraction problems in context, choosing methods
Y6-ASMD-07: Problems mixing the four operations
Y6-ASMD-08: Check answers by estimating; decide the accuracy a problem needs
Y6-ASMD-09: Order of operations with all four operations
Y6-F-01: Add and subtract fractions and mixed numbers with unlike denominators, via equivalent
    fractions
Y6-F-02: A fraction as a division; decimal equivalents such as 3/8 = 0.375
Y6-F-03: Compare and order fractions, those above 1 included
Y6-F-04: A proper fraction divided by a whole number
Y6-F-05: Three-place decimals: value of each digit; × and ÷ by 10, 100, 1,000
Y6-F-06: Multiply one-digit numbers with up to two decimal places by whole numbers
Y6-F-07: Multiply pairs of proper fractions, answer in simplest form
Y6-F-08: Equivalent fractions, decimals and percentages, recalled and used
Y6-F-09: Problems whose answers are rounded to a given accuracy
Y6-F-10: Simplify fractions with common factors; common multiples for a common denominator
Y6-F-11: Written division giving answers to two decimal places
Y6-R-01: Similar shapes with a known or findable scale factor
Y6-R-02: Percentages of amounts and percentages for comparison
Y6-R-03: Relative sizes of two quantities, missing values by multiplication and division facts
Y6-R-04: Unequal sharing and grouping using fractions and multiples
Y6-A-01: List the possible combinations of two variables
Y6-A-02: Write missing-number problems with algebra
Y6-A-03: Pairs of numbers that fit an equation with two unknowns
Y6-A-04: Generate and describe linear sequences
Y6-A-05: Use simple formulae
Y6-M-01: Area of parallelograms and triangles
Y6-M-02: Volume of cubes and cuboids in cm³ and m³, calculated, estimated and compared
Y6-M-03: Convert between miles and kilometres
Y6-M-04: Same area, different perimeters, and the reverse
Y6-M-05: When area and volume formulae can be used
Y6-M-06: Problems converting units of measure, with up to three decimal places
Y6-M-07: Convert between standard units (length, mass, volume, time), both ways
Y6-G-01: Classify shapes by properties and size; unknown angles in triangles, quadrilaterals and
    regular polygons
Y6-G-02: Draw flat shapes to given lengths and angles
Y6-G-03: Parts of a circle: radius, diameter (twice the radius), circumference
Y6-G-04: Missing angles round a point, along a straight line and vertically opposite
Y6-G-05: Recognise, describe and build simple solids; nets
Y6-PD-01: Positions on the full coordinate grid (four quadrants)
Y6-PD-02: Draw and translate shapes on coordinate axes, and reflect them in either axis
Y6-S-01: The mean as an average: calculate and interpret it
Y6-S-02: Pie charts and line graphs: read, draw and solve problems with them
"""

#: Years 1-6: words and phrases teachers write in step titles for each statement (for
#: link drafting), ours; one statement a line, "code: phrase; phrase; ...".
PRIMARY_KEYWORDS_TEXT = """\
Y1-NPV-01: counting to 100; counting forwards; counting backwards; count from any number
Y1-NPV-02: counting in 2s; counting in 5s; counting in 10s; numbers to 100; numerals
Y1-NPV-03: one more; one less
Y1-NPV-04: number line; representing numbers; equal to; more than; less than; most; least
Y1-NPV-05: numbers to 20; number words; reading numbers; writing numbers
Y1-AS-01: addition within 20; subtraction within 20; adding; subtracting; zero
Y1-AS-02: number sentences; plus; minus; equals sign
Y1-AS-03: number bonds; number bonds to 10; number bonds to 20; subtraction facts
Y1-AS-04: missing numbers; one-step problems; addition and subtraction problems
Y1-MD-01: sharing; grouping; doubling; arrays; equal groups
Y1-F-01: half; halves; equal parts
Y1-F-02: quarter; quarters; equal parts
Y1-M-01: capacity; volume; full; empty
Y1-M-02: length; height; longer; shorter; taller
Y1-M-03: mass; weight; heavier; lighter
Y1-M-04: time; quicker; slower; earlier; later
Y1-M-05: measuring capacity; measuring volume
Y1-M-06: measuring length; measuring height
Y1-M-07: measuring mass; weighing
Y1-M-08: hours; minutes; seconds; measuring time
Y1-M-09: coins; notes; money
Y1-M-10: days of the week; months; years; dates
Y1-M-11: before and after; ordering events; first; next
Y1-M-12: o'clock; half past; telling the time; clock
Y1-G-01: 2-D shapes; squares; rectangles; circles; triangles
Y1-G-02: 3-D shapes; cubes; cuboids; pyramids; spheres
Y1-PD-01: position; direction; turns; half turn; quarter turn
Y2-NPV-01: comparing numbers; ordering numbers; greater than; less than; numbers to 100
Y2-NPV-02: counting in 2s; counting in 3s; counting in 5s; counting in 10s
Y2-NPV-03: representing numbers; estimating numbers; number line
Y2-NPV-04: numbers to 100; number words; reading numbers; writing numbers
Y2-NPV-05: place value; tens and ones; partitioning; two-digit numbers
Y2-NPV-06: place value problems; number facts
Y2-AS-01: adding two-digit numbers; subtracting two-digit numbers; mental addition
Y2-AS-02: number facts to 20; related facts; number bonds to 100
Y2-AS-03: inverse; checking calculations; missing number problems; fact families
Y2-AS-04: commutative; any order; addition order
Y2-AS-05: addition problems; subtraction problems; written methods
Y2-AS-06: addition and subtraction problems; quantities; measures
Y2-MD-01: multiplication sentences; division sentences; times sign; division sign
Y2-MD-02: 2 times table; 5 times table; 10 times table; odd and even
Y2-MD-03: commutative; multiplication in any order
Y2-MD-04: multiplication problems; division problems; arrays; repeated addition
Y2-F-01: thirds; quarters; fractions of a shape; fractions of a quantity; three quarters
Y2-F-02: fractions of amounts; equivalent fractions; half of
Y2-M-01: measuring; centimetres; metres; kilograms; grams; litres; temperature; thermometer
Y2-M-02: comparing lengths; comparing mass; comparing capacity; ordering measures
Y2-M-03: comparing time; intervals of time
Y2-M-04: coins; combinations of coins; money
Y2-M-05: minutes in an hour; hours in a day
Y2-M-06: pounds and pence; money; making amounts
Y2-M-07: money problems; giving change
Y2-M-08: telling the time; five minutes; quarter past; quarter to; clock
Y2-G-01: sorting shapes; 2-D shapes; 3-D shapes
Y2-G-02: faces of 3-D shapes; 2-D shapes on 3-D shapes
Y2-G-03: properties of 2-D shapes; sides; vertices; line symmetry
Y2-G-04: properties of 3-D shapes; edges; vertices; faces
Y2-PD-01: patterns; sequences of shapes; arranging objects
Y2-PD-02: position; direction; movement; clockwise; anticlockwise; turns
Y2-S-01: categorical data; comparing data; totals
Y2-S-02: sorting into categories; counting data
Y2-S-03: pictograms; tally charts; block diagrams; tables
Y3-NPV-01: comparing numbers; ordering numbers; numbers to 1,000
Y3-NPV-02: counting in 4s; counting in 8s; counting in 50s; counting in 100s; 10 more; 100 more
Y3-NPV-03: representing numbers; estimating; number line
Y3-NPV-04: numbers to 1,000; reading numbers; writing numbers
Y3-NPV-05: place value; hundreds, tens and ones; three-digit numbers; partitioning
Y3-NPV-06: place value problems
Y3-AS-01: mental addition; mental subtraction; adding ones, tens and hundreds
Y3-AS-02: column addition; column subtraction; exchanging; formal written methods
Y3-AS-03: estimating answers; inverse operations; checking answers
Y3-AS-04: addition and subtraction problems; missing number problems
Y3-MD-01: 3 times table; 4 times table; 8 times table
Y3-MD-02: multiplication problems; division problems; scaling; correspondence problems
Y3-MD-03: multiplying two-digit by one-digit; mental multiplication; division statements
Y3-F-01: adding fractions; subtracting fractions; same denominator
Y3-F-02: comparing fractions; ordering fractions; unit fractions
Y3-F-03: tenths; counting in tenths; dividing by 10
Y3-F-04: equivalent fractions
Y3-F-05: unit fractions; non-unit fractions; fractions on a number line
Y3-F-06: fractions of a set; fractions of amounts
Y3-F-07: fraction problems
Y3-M-01: money; adding money; giving change
Y3-M-02: durations; time taken
Y3-M-03: telling the time to the minute; seconds; am and pm
Y3-M-04: seconds in a minute; days in a month; leap year
Y3-M-05: perimeter
Y3-M-06: measuring length; mass; capacity; millimetres; millilitres
Y3-M-07: analogue clock; Roman numerals; 12-hour clock; 24-hour clock
Y3-G-01: drawing 2-D shapes; making 3-D shapes
Y3-G-02: horizontal; vertical; perpendicular lines; parallel lines
Y3-G-03: right angles; turns; greater than a right angle
Y3-G-04: angles; angles in shapes; turns
Y3-S-01: bar charts; pictograms; tables
Y3-S-02: reading charts; how many more; how many fewer
Y4-NPV-01: negative numbers; counting back through zero
Y4-NPV-02: counting in 6s; counting in 7s; counting in 9s; counting in 25s; counting in 1,000s
Y4-NPV-03: 1,000 more; 1,000 less
Y4-NPV-04: representing numbers; estimating; number line
Y4-NPV-05: ordering numbers; comparing numbers; numbers beyond 1,000
Y4-NPV-06: Roman numerals
Y4-NPV-07: place value; four-digit numbers; thousands; partitioning
Y4-NPV-08: rounding; nearest 10; nearest 100; nearest 1,000
Y4-NPV-09: place value problems
Y4-AS-01: column addition; column subtraction; four-digit numbers
Y4-AS-02: estimating; inverse operations; checking answers
Y4-AS-03: two-step problems; addition and subtraction problems
Y4-MD-01: short multiplication; formal written multiplication
Y4-MD-02: times tables; times tables up to 12; multiplication facts
Y4-MD-03: factor pairs; commutativity
Y4-MD-04: distributive law; multiplying and adding; correspondence problems
Y4-MD-05: mental multiplication; mental division; multiplying by 0 and 1; multiplying three numbers
Y4-F-01: adding fractions; subtracting fractions; same denominator
Y4-F-02: comparing decimals; ordering decimals; two decimal places
Y4-F-03: hundredths; counting in hundredths
Y4-F-04: dividing by 10; dividing by 100; tenths and hundredths
Y4-F-05: equivalent fractions; families of fractions
Y4-F-06: decimal equivalents; tenths; hundredths
Y4-F-07: quarter as a decimal; half as a decimal; decimal equivalents
Y4-F-08: rounding decimals; nearest whole number
Y4-F-09: fractions of amounts; fraction problems
Y4-F-10: decimal problems; money problems; measure problems
Y4-M-01: converting units; kilometres to metres; hours to minutes
Y4-M-02: estimating measures; comparing measures; money
Y4-M-03: area; counting squares; rectilinear shapes
Y4-M-04: perimeter; rectilinear shapes
Y4-M-05: analogue and digital time; 12-hour clock; 24-hour clock
Y4-M-06: converting time; hours to minutes; minutes to seconds
Y4-G-01: classifying shapes; quadrilaterals; triangles; isosceles; equilateral
Y4-G-02: symmetric figures; completing symmetry
Y4-G-03: acute angles; obtuse angles; comparing angles
Y4-G-04: lines of symmetry
Y4-PD-01: translations; moving left and right; up and down
Y4-PD-02: coordinates; first quadrant; grid
Y4-PD-03: plotting points; drawing polygons on a grid
Y4-S-01: bar charts; time graphs; discrete data; continuous data
Y4-S-02: reading graphs; comparison problems; sum and difference
Y5-NPV-01: powers of 10; counting in 10s, 100s and 1,000s
Y5-NPV-02: negative numbers; temperature; counting through zero
Y5-NPV-03: Roman numerals; years in Roman numerals
Y5-NPV-04: numbers to 1,000,000; place value; ordering; comparing
Y5-NPV-05: rounding; nearest 10,000; nearest 100,000
Y5-NPV-06: place value problems
Y5-ASMD-01: mental addition; mental subtraction; large numbers
Y5-ASMD-02: column addition; column subtraction; more than four digits
Y5-ASMD-03: short division; remainders; bus stop method
Y5-ASMD-04: prime numbers; primes to 19
Y5-ASMD-05: multiples; factors; factor pairs; common factors
Y5-ASMD-06: prime numbers; prime factors; composite numbers
Y5-ASMD-07: mental multiplication; mental division; known facts
Y5-ASMD-08: multiplying by 10, 100 and 1,000; dividing by 10, 100 and 1,000
Y5-ASMD-09: long multiplication; short multiplication; formal written methods
Y5-ASMD-10: square numbers; cube numbers; squared; cubed
Y5-ASMD-11: multi-step problems; addition and subtraction problems
Y5-ASMD-12: four operations; equals sign; mixed problems
Y5-ASMD-13: scaling; simple rates; multiplication and division problems
Y5-ASMD-14: factors and multiples problems; squares and cubes problems
Y5-ASMD-15: rounding to check; levels of accuracy
Y5-F-01: adding fractions; subtracting fractions; related denominators
Y5-F-02: comparing fractions; ordering fractions
Y5-F-03: equivalent fractions; tenths and hundredths
Y5-F-04: multiplying fractions by whole numbers; mixed numbers
Y5-F-05: decimals as fractions; decimal fractions
Y5-F-06: decimals; three decimal places; ordering decimals; comparing decimals
Y5-F-07: thousandths; decimal equivalents
Y5-F-08: mixed numbers; improper fractions; converting fractions
Y5-F-09: per cent; percentages; parts per hundred
Y5-F-10: rounding decimals; one decimal place
Y5-F-11: decimal problems
Y5-F-12: percentage equivalents; decimal equivalents; fractions, decimals and percentages
Y5-M-01: area of rectangles; square centimetres; square metres
Y5-M-02: converting metric units; kilometres and metres; centimetres and millimetres
Y5-M-03: volume; capacity; cubes; cuboids; estimating volume
Y5-M-04: perimeter; composite rectilinear shapes
Y5-M-05: converting time; units of time
Y5-M-06: imperial units; inches; pounds; pints
Y5-M-07: measure problems; money problems; decimal notation; scaling
Y5-G-01: regular polygons; irregular polygons
Y5-G-02: drawing angles; measuring angles; protractor; degrees
Y5-G-03: 3-D shapes; nets; 2-D representations
Y5-G-04: angles at a point; angles on a straight line; angles around a point; multiples of 90
Y5-G-05: acute; obtuse; reflex; degrees; estimating angles
Y5-G-06: properties of rectangles; missing lengths; missing angles
Y5-PD-01: reflection; translation; position after a transformation
Y5-S-01: tables; timetables
Y5-S-02: line graphs; reading line graphs
Y6-NPV-01: numbers to 10,000,000; place value; ordering; comparing
Y6-NPV-02: rounding; degree of accuracy
Y6-NPV-03: place value problems
Y6-NPV-04: negative numbers; intervals across zero
Y6-ASMD-01: short division; two-digit divisor; remainders
Y6-ASMD-02: long division; remainders
Y6-ASMD-03: common factors; common multiples; prime numbers
Y6-ASMD-04: long multiplication
Y6-ASMD-05: mental calculation; mixed operations; large numbers
Y6-ASMD-06: multi-step problems; addition and subtraction problems
Y6-ASMD-07: four operations; mixed problems
Y6-ASMD-08: estimation; checking answers; degree of accuracy
Y6-ASMD-09: order of operations; brackets
Y6-F-01: adding fractions; subtracting fractions; different denominators; mixed numbers
Y6-F-02: fractions as division; fraction to decimal
Y6-F-03: comparing fractions; ordering fractions; fractions greater than 1
Y6-F-04: dividing fractions by whole numbers
Y6-F-05: three decimal places; multiplying and dividing by 10, 100 and 1,000
Y6-F-06: multiplying decimals; decimals by whole numbers
Y6-F-07: multiplying fractions; simplest form
Y6-F-08: fractions, decimals and percentages; equivalence
Y6-F-09: rounding answers; degree of accuracy
Y6-F-10: simplifying fractions; common denominators; common factors
Y6-F-11: written division; decimal answers
Y6-R-01: similar shapes; scale factor
Y6-R-02: percentages of amounts; comparing with percentages
Y6-R-03: ratio; relative sizes; scaling
Y6-R-04: unequal sharing; grouping; ratio problems
Y6-A-01: combinations; possibilities; two variables
Y6-A-02: missing number problems; algebra; unknowns
Y6-A-03: equations with two unknowns; pairs of numbers
Y6-A-04: linear sequences; number sequences
Y6-A-05: formulae; simple formulae
Y6-M-01: area of a parallelogram; area of a triangle
Y6-M-02: volume of cubes; volume of cuboids; cubic centimetres
Y6-M-03: miles and kilometres; converting miles
Y6-M-04: area and perimeter; same area different perimeter
Y6-M-05: area formulae; volume formulae
Y6-M-06: converting units; measure problems; decimal notation
Y6-M-07: converting units; length; mass; volume; time
Y6-G-01: classifying shapes; unknown angles; angles in triangles; angles in polygons
Y6-G-02: drawing shapes accurately; given dimensions; given angles
Y6-G-03: parts of a circle; radius; diameter; circumference
Y6-G-04: vertically opposite angles; angles on a straight line; angles at a point; missing angles
Y6-G-05: 3-D shapes; nets; building shapes
Y6-PD-01: coordinates; four quadrants; coordinate grid
Y6-PD-02: translating shapes; reflecting shapes; reflection in the axes
Y6-S-01: mean; average
Y6-S-02: pie charts; line graphs
"""


def _label(g: Graph, node: URIRef, prop: URIRef = RDFS.label) -> str:
    value = g.value(node, prop)
    text = " ".join(str(value).split()) if value is not None else ""
    return re.sub(r"\[Fraction:\s*([^\]]+)\]", r"\1", text)  # Oak's markup for a fraction


def _tail(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _int(g: Graph, node: URIRef, prop: URIRef) -> int:
    value = g.value(node, prop)
    return int(str(value)) if value is not None else 0


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML 1.2)."""
    return json.dumps(text, ensure_ascii=False)


def load(oak: Path, names: list[str]) -> Graph:
    """Parse the named Turtle files of Oak's data into one graph."""
    g = Graph()
    for name in names:
        g.parse(oak / name, format="turtle")
    return g


# --------------------------------------------------------------------- frameworks


@dataclass
class Descriptor:
    code: str
    title: str
    strand: str
    stage: str
    year: int
    iri: str
    requires: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def _table(text: str) -> dict[str, str]:
    """A "code: text" table (indented lines continue the entry) as a dict."""
    out: dict[str, str] = {}
    code = ""
    for line in text.splitlines():
        if line.startswith(" ") and code:
            out[code] += " " + line.strip()
        else:
            code, value = line.split(": ", 1)
            out[code] = value.strip()
    return out


def primary_keywords() -> dict[str, list[str]]:
    """PRIMARY_KEYWORDS_TEXT as code -> phrases."""
    return {c: [p.strip() for p in v.split(";")] for c, v in _table(PRIMARY_KEYWORDS_TEXT).items()}


def primary_descriptors(g: Graph) -> list[Descriptor]:
    """Years 1-6 content descriptors, ordered by year, sub-strand (Oak's order) and text."""
    out: list[Descriptor] = []
    progressions = []
    for prog in g.subjects(RDF.type, CURRIC.Progression):
        year_node = g.value(prog, CURRIC.coversYearGroup)
        if year_node is None:
            continue
        year = int(_tail(year_node).rsplit("-", 1)[-1])
        substrand = _tail(g.value(prog, CURRIC.coversSubStrand)).removeprefix("substrand-")
        progressions.append((year, list(SUBSTRANDS).index(substrand), substrand, prog))
    for year, _, substrand, prog in sorted(progressions):
        letters, strand = SUBSTRANDS[substrand]
        descriptors = sorted(
            g.objects(prog, CURRIC.includesContentDescriptor),
            key=lambda d: _label(g, d, SKOS.prefLabel),
        )
        for n, d in enumerate(descriptors, 1):
            code = f"Y{year}-{letters}-{n:02d}"
            out.append(
                Descriptor(
                    code=code,
                    title=_table(PRIMARY_TITLES_TEXT).get(code)
                    or _label(g, d, SKOS.prefLabel).rstrip("."),
                    strand=strand,
                    stage="KS1" if year <= 2 else "KS2",
                    year=year,
                    iri=str(d),
                    requires=PRIMARY_LINKS.get(code, []),
                    keywords=primary_keywords().get(code, []),
                )
            )
    return out


def _check_codes_kept(descriptors: list[Descriptor]) -> None:
    """Refuse a new Oak release that moves a code to another descriptor.

    The hand tables (titles, keywords, links) are keyed by code, and codes number
    descriptors alphabetically: a new or reworded descriptor would shift them.
    """
    moved = []
    for stage in ("ks1", "ks2"):
        path = ROOT / "curricula" / "frameworks" / f"england-{stage}.yaml"
        if not path.is_file():
            continue
        old = dict(re.findall(r"- code: (\S+)\n(?:    .*\n)*?    iri: (\S+)", path.read_text()))
        moved += [d.code for d in descriptors if d.code in old and old[d.code] != d.iri]
    if moved:
        raise SystemExit(
            f"codes now name other descriptors: {moved}; re-check the hand tables "
            "(titles, keywords, links) in make_oak.py before regenerating"
        )


def framework_yaml(stage: str, descriptors: list[Descriptor]) -> str:
    """The text of ``england-ks1.yaml`` or ``england-ks2.yaml``."""
    years = sorted({d.year for d in descriptors})
    lines = [
        f"# England, Key Stage {stage[2:]} mathematics: every national curriculum (2014)",
        f"# content descriptor for Years {years[0]} to {years[-1]}, one statement each, by year",
        "# group and sub-strand, keeping the descriptor's IRI (Oak National Academy's",
        "# curriculum ontology, mathematics knowledge taxonomy).",
        "#",
        "# GENERATED by benchmarks/make_oak.py from Oak's data; do not edit by hand (re-run it).",
        "# Codes: Y<year>-<sub-strand>-<nn>: NPV number and place value, AS addition and",
        "# subtraction, MD multiplication and division, ASMD the four operations (Years 5-6),",
        "# F fractions (with decimals and percentages), R ratio, A algebra, M measurement,",
        "# G properties of shape, PD position and direction, S statistics. nn follows the",
        "# statements' alphabetical order within a year and sub-strand (not a teaching order).",
        "# A descriptor the programme lists for several years is a statement in each.",
        "# Titles and keywords (the words teachers write in step titles, for link drafting)",
        "# are ours; each statement's iri leads to the programme of study's own wording.",
        f"# {OGL} Credit: Department for Education; Oak National Academy.",
        f"id: england-{stage.lower()}",
        "name: " + _q(f"England national curriculum, Key Stage {stage[2:]} mathematics"),
        "source: >-",
        "  Department for Education, Mathematics programmes of study: key stages 1 and 2",
        "  (national curriculum in England, 2014), as published in Oak National Academy's",
        f"  curriculum ontology ({RELEASE}). {OGL} Titles paraphrased; links and keywords",
        "  are our own.",
        "licence: Open Government Licence v3.0",
        "statements:",
    ]
    for d in descriptors:
        lines += [
            f"  - code: {d.code}",
            f"    title: {_q(d.title)}",
            f"    strand: {d.strand}",
            f"    stage: {d.stage}",
            f"    year: {d.year}",
            f"    iri: {d.iri}",
            f"    requires: [{', '.join(d.requires)}]",
        ]
        if d.keywords:
            lines.append(f"    keywords: [{', '.join(_q(k) for k in d.keywords)}]")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ schemes


@dataclass
class Lesson:
    slug: str
    title: str


@dataclass
class OakUnit:
    slug: str
    title: str
    year: int
    strand: str | None
    prior: list[str]
    lessons: list[Lesson]
    term: int = 0


#: Threads too broad to name a unit's strand when a narrower one is listed.
_BROAD_THREADS = {"number"}


def _strand(g: Graph, unit: URIRef) -> str | None:
    threads = sorted(
        _tail(t).removeprefix("thread-") for t in g.objects(unit, CURRIC.includesThread)
    )
    narrow = [t for t in threads if t not in _BROAD_THREADS]
    return (narrow or threads or [None])[0]


def _ordered(g: Graph, node: URIRef, has: URIRef, includes: URIRef) -> list[URIRef]:
    slots = [(_int(g, s, CURRIC.sequencePosition), s) for s in g.objects(node, has)]
    return [g.value(s, includes) for _, s in sorted(slots)]


def programme_units(g: Graph, programme: URIRef) -> list[OakUnit]:
    """The units of one Oak programme (one year, one tier) in Oak's order."""
    year = int(_tail(g.value(programme, CURRIC.coversYearGroup)).rsplit("-", 1)[-1])
    units = []
    for variant in _ordered(
        g, programme, CURRIC.hasUnitVariantInclusion, CURRIC.includesUnitVariant
    ):
        unit = g.value(variant, CURRIC.isUnitVariantOf)
        prior_nodes = sorted(
            g.objects(unit, CURRIC.hasPriorKnowledgeRequirement),
            key=lambda p: [int(x) for x in re.findall(r"\d+", _tail(p))],
        )
        lessons = [
            Lesson(str(g.value(lesson, CURRIC.slug)), _label(g, lesson))
            for lesson in _ordered(g, variant, CURRIC.hasLessonInclusion, CURRIC.includesLesson)
        ]
        units.append(
            OakUnit(
                slug=str(g.value(unit, CURRIC.slug)),
                title=_label(g, variant) or _label(g, unit),
                year=year,
                strand=_strand(g, unit),
                prior=[_label(g, p) for p in prior_nodes],
                lessons=lessons,
            )
        )
    _place_in_half_terms(units)
    return units


def _place_in_half_terms(units: list[OakUnit]) -> None:
    """Half-term of each unit: where its middle lesson falls in the year's lessons."""
    total = sum(len(u.lessons) for u in units)
    done = 0
    for u in units:
        middle = done + len(u.lessons) / 2
        u.term = min(6, int(middle * 6 / total) + 1) if total else 1
        done += len(u.lessons)


def programmes(g: Graph, years: range, tier: str | None) -> list[URIRef]:
    """Oak programmes for the years (and KS4 tier), in year order."""
    found = []
    for p in g.subjects(RDF.type, CURRIC.Programme):
        year = int(_tail(g.value(p, CURRIC.coversYearGroup)).rsplit("-", 1)[-1])
        p_tier = g.value(p, CURRIC.hasTier)
        if year in years and (tier is None or (p_tier and _tail(p_tier) == f"tier-{tier}")):
            found.append((year, p))
    return [p for _, p in sorted(found)]


def _unique(ident: str, taken: set[str]) -> str:
    out, n = ident, 2
    while out in taken:
        out, n = f"{ident}-{n}", n + 1
    taken.add(out)
    return out


def scheme_yaml(name: str, years: str, tier: str | None, units: list[OakUnit]) -> str:
    """The text of one Oak reference scheme."""
    lessons = sum(len(u.lessons) for u in units)
    lines = [
        f"# {name}: Oak's curriculum for {years} as a reference scheme,",
        "# to hold a school's scheme against (coherence compare ours.yaml <this id>).",
        "#",
        "# GENERATED by benchmarks/make_oak.py from Oak's open data; do not edit by hand.",
        f"# Source: {RELEASE}.",
        "# Units are Oak's, in Oak's order; one step per Oak lesson, in Oak's order;",
        "# strands are Oak's threads (the narrowest a unit lists); prior_knowledge is",
        "# Oak's unit prior-knowledge statements, word for word.",
        "# Half-terms are NOT in Oak's data: they are derived from lesson counts (each",
        "# unit goes in the half-term where its middle lesson falls when the year's",
        "# lessons are spread evenly over six half-terms).",
        "# Oak gives no prerequisite links and no links to national curriculum",
        "# statements, so steps have no requires and no covers.",
        f"# {len(units)} units, {lessons} lessons.",
        "#",
        f"# {OGL}",
        "# Credit: Oak National Academy (https://www.thenational.academy/).",
        f"name: {_q(name)}",
        "school: Oak National Academy",
        "framework: england",
    ]
    if tier:
        lines.append(f"tier: {tier}")
    lines.append("units:")
    taken: set[str] = set()
    for u in units:
        lines += [
            f"  - id: {_unique(f'y{u.year}-{u.slug}', taken)}",
            f"    title: {_q(u.title)}",
            f"    year: {u.year}",
            f"    term: {u.term}",
        ]
        if u.strand:
            lines.append(f"    strand: {u.strand}")
        if u.prior:
            lines.append("    prior_knowledge:")
            lines += [f"      - {_q(p)}" for p in u.prior]
        lines.append("    steps:")
        for lesson in u.lessons:
            lines += [
                f"      - id: {_unique(f'y{u.year}-{lesson.slug}', taken)}",
                f"        title: {_q(lesson.title)}",
            ]
    return "\n".join(lines) + "\n"


SCHEMES = [
    ("oak-primary", "Oak National Academy maths, Years 1-6", "Years 1 to 6", range(1, 7), None),
    ("oak-ks3", "Oak National Academy maths, Key Stage 3", "Years 7 to 9", range(7, 10), None),
    (
        "oak-ks4-foundation",
        "Oak National Academy maths, Key Stage 4 (GCSE foundation tier)",
        "Years 10 and 11, foundation tier",
        range(10, 12),
        "foundation",
    ),
    (
        "oak-ks4-higher",
        "Oak National Academy maths, Key Stage 4 (GCSE higher tier)",
        "Years 10 and 11, higher tier",
        range(10, 12),
        "higher",
    ),
]


def generate(oak: Path) -> dict[Path, str]:
    """Every generated file's path and text."""
    out: dict[Path, str] = {}
    nc = load(oak, ["mathematics-knowledge-taxonomy.ttl", "mathematics-programme-structure.ttl"])
    descriptors = primary_descriptors(nc)
    codes = {d.code for d in descriptors}
    unknown = {c for k, v in PRIMARY_LINKS.items() for c in (k, *v)} - codes
    unknown |= (set(primary_keywords()) | set(_table(PRIMARY_TITLES_TEXT))) - codes
    if unknown:
        raise SystemExit(f"the hand tables name codes the data no longer has: {sorted(unknown)}")
    _check_codes_kept(descriptors)
    for stage in ("KS1", "KS2"):
        mine = [d for d in descriptors if d.stage == stage]
        out[ROOT / "curricula" / "frameworks" / f"england-{stage.lower()}.yaml"] = framework_yaml(
            stage, mine
        )
    oakg = load(
        oak,
        ["threads.ttl", *(f"mathematics-key-stage-{n}.ttl" for n in (1, 2, 3, 4))],
    )
    for fid, name, years, year_range, tier in SCHEMES:
        units = [u for p in programmes(oakg, year_range, tier) for u in programme_units(oakg, p)]
        out[ROOT / "curricula" / "schemes" / f"{fid}.yaml"] = scheme_yaml(name, years, tier, units)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oak", type=Path, default=DEFAULT_OAK, help="Oak's data directory")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    if not (args.oak / "mathematics-knowledge-taxonomy.ttl").is_file():
        print(f"Oak data not found in {args.oak}", file=sys.stderr)
        return 2
    stale = []
    for path, text in generate(args.oak).items():
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "differ from the data" if args.check else "written"
    for p in stale:
        print(f"{p}: {verb}")
    if not stale:
        print("all generated files match Oak's data")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
