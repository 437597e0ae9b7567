"""A deterministic synthetic archive, for benchmarks of build speed and search at scale.

`write_demo(content, meetings, seed)` writes a complete archive in the project's own format (see
README "Writing a record" and `load`'s docstring) that `minutebook check` passes with no errors and
no warnings: invented authorities (one per ~400 meetings, at least three), their bodies of every
kind, councillors and officers whose posts pass from one person to another over ~20 years, and
meetings from 2006 to mid-2027 (held up to the build date, scheduled after it) with attendance,
items numbered as councils number them, narrative, decisions, votes, tables, reports, exempt items
and issues followed across meetings and authorities.

The same (meetings, seed) always gives byte-identical files: one `random.Random` drives everything,
no clock is read and every collection is walked in a fixed order. Meetings are generated and written
one at a time, so memory stays flat however many are asked for; only the small per-authority cast
(people, posts, the meeting calendar) and the issues' summaries are held.

Every person, place, company and decision is invented; each authority.yaml says so in a note.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import re
from json.encoder import encode_basestring as q  # a JSON string is a valid YAML double-quoted scalar
from pathlib import Path
from typing import Any, Callable, Optional

from . import model as m

BUILD_DATE = dt.date(2026, 11, 23)  # meetings after this are scheduled, not held
START = dt.date(2006, 6, 1)
END = dt.date(2027, 6, 30)
ELECTION_YEARS = (2006, 2010, 2014, 2018, 2022, 2026)
FIRST_MYEAR, LAST_MYEAR = 2006, 2027
MEETINGS_PER_AUTHORITY = 400
RESERVED = {"assets", "issues", "years", "people", "documents", "search", "data", "feeds", "404", "index"}

# --------------------------------------------------------------------------------------------
# Word and phrase pools
# --------------------------------------------------------------------------------------------

GIVEN = """Aaron Abdul Abigail Adam Adrian Ahmed Aisha Alan Alex Alexander Alice Alison Amanda Amelia Amir
Amy Andrea Andrew Angela Anita Ann Anna Anne Anthony Anwar Arjun Asif Barbara Barry Ben Benjamin Bernard
Beverley Bilal Brenda Brian Bridget Bryony Carl Carol Caroline Catherine Charles Charlotte Chloe Chris
Christine Claire Clive Colin Craig Daniel Darren David Dawn Deborah Declan Dennis Derek Diane Dominic Donna
Dorothy Douglas Duncan Edward Eileen Elaine Eleanor Elizabeth Ellen Emily Emma Eric Faisal Farah Fatima
Fiona Frances Frank Gareth Gary Gavin Geoffrey George Gillian Glenn Gordon Graham Hannah Harjit Harry Hazel
Heather Helen Howard Ian Imran Iqbal Irene Isobel Jack Jacqueline James Jane Janet Jasmine Jason Jean
Jennifer Jeremy Jill Joan Joanne John Jonathan Joseph Joyce Judith Julia Julie Karen Kate Katherine
Kathleen Keith Kelly Kenneth Kevin Kim Kirsty Lakhbir Laura Lesley Lewis Linda Lindsay Lisa Louise Lucy
Lynne Mahmood Malcolm Margaret Maria Marie Mark Martin Mary Matthew Maureen Maurice Megan Michael Michelle
Mohammed Monica Nadia Naheed Natalie Neil Nicholas Nicola Nigel Nina Nisar Norman Oliver Olivia Owen
Pamela Patricia Patrick Paul Pauline Peter Philip Priya Rachel Rajesh Rebecca Richard Rita Robert Roger
Ronald Rosemary Ruth Ryan Sadia Sally Samantha Samuel Sandra Sarah Sean Shabana Shahid Sharon Sheila
Simon Sofia Sophie Stephen Steven Stuart Susan Tahir Tanya Teresa Thomas Timothy Tom Tony Tracey Trevor
Valerie Vanessa Victoria Vikram Vincent Wendy William Yasmin Yvonne Zahid Zoe Agnieszka Tomasz Bronwen
Rhys Siobhan Ciaran Eilidh Callum Morag Alasdair Kwame Ngozi Chidi Folake Grace Precious Tariq Ravinder
Sunita Manjit Balvinder Gurpreet Hamza Usman Ayesha Mehmet Elif Kemal Stavros Eleni Marco Giulia""".split()

SURNAMES = """Adams Ahmed Akhtar Ali Allen Anderson Appleby Armitage Armstrong Ashcroft Ashworth Atkinson
Bailey Baker Ball Banks Barker Barnes Barrett Bates Begum Bell Bennett Berry Bibi Birch Bird Bishop Black
Blackburn Booth Bowen Bradley Brierley Briggs Brooks Brown Buckley Burgess Burns Butler Byrne Campbell
Carr Carter Chadwick Chambers Chapman Chaudhry Clarke Clayton Coates Cole Collier Collins Connor Cook
Cooper Cox Crawford Crompton Cross Cunningham Dale Daly Davies Dawson Day Dean Dixon Dobson Doherty Douglas
Duckworth Duncan Dunn Edwards Elliott Ellis Evans Fairclough Farrell Fazal Fielding Fisher Fleming
Fletcher Ford Foster Fowler Fox Francis Fraser Gallagher Gardner Gibson Gill Goodwin Gordon Graham Grant
Gray Green Greenhalgh Greenwood Griffiths Hall Hamilton Hammond Hargreaves Harper Harris Harrison Hart
Harvey Hawkins Hayes Heap Henderson Hewitt Hill Hilton Hodgson Holden Holmes Holt Hopkins Houghton Howard
Hughes Hunt Hussain Hutchinson Iqbal Jackson James Jennings Johnson Johnston Jones Kaur Kay Kelly Kennedy
Kenyon Khan Khatun King Knight Lamb Lane Lawrence Lawson Lee Lewis Livesey Lloyd Lord Lowe Lucas Lynch
Mahmood Malik Marsden Marshall Martin Mason Matthews McCarthy McDonald McKenzie Mellor Miah Miller Mills
Mitchell Moore Morgan Morris Moss Murphy Murray Nelson Newman Nicholson Norris Nowak Nuttall O'Brien
O'Connor O'Neill Osborne Owen Palmer Parker Parkinson Parry Patel Payne Pearce Pearson Perry Phillips
Pickup Pilkington Pollard Porter Potts Powell Price Pritchard Quinn Rahman Ramsden Randall Read Rees Reid
Reynolds Rhodes Richards Richardson Riley Roberts Robinson Rogers Rose Ross Rothwell Rowe Russell Ryan
Saunders Scott Shah Sharma Sharp Shaw Simpson Singh Slater Smith Spencer Stanley Stevens Stewart Stone
Sutcliffe Sutton Swarbrick Taylor Thomas Thompson Thomson Tomlinson Treadwell Tucker Turner Unsworth Varley
Walker Walsh Ward Warren Watson Watts Webb Welsh Wells West Whitehead Whittaker Wilkinson Williams Willis
Wilson Wood Woodward Wright Yates Young Zaman Adeyemi Okafor Mensah Kowalski Wiśniewski Papadopoulos
Rossi Kaya Demir Nguyen Chen Wong Leung Chowdhury Uddin Sandhu Dhillon Gill Bains Grewal Mistry Parmar
Pandya Joshi Desai Nair Menon Pillai Fernandes D'Souza Llewellyn Pritchard Vaughan Jenkins Hughes Prosser
MacLeod Fraser Mackay Munro Cameron Sinclair Buchanan Kerr Gillespie Doyle Kavanagh Brennan Moran
Fitzgerald Whelan""".split()

COUNCILLOR_HONORIFICS = (None, None, None, None, None, None, "Mrs", "Mr", "Ms", "Miss", "Dr")
OFFICER_HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mr", "Ms", "Mr.", "Mrs.")

PLACE_HEADS = """Ash Ald Bar Bel Black Brack Bram Brad Brook Burn Cal Carr Castle Chal Cleve Clif Cold Crom
Dal Dun East Elm Fair Farn Fen Glen Green Hal Ham Harl Hart Hazel Heath High Hol Holm Kel Ken Kings Kirk
Lang Lea Lin Lock Long Mal Mar Mere Mid Mill Moor Nor Oak Old Pen Pres Ravens Red Rock Ros Rush Sand Sax
Shaw Shel Stan Stock Ston Sud Sut Swan Thorn Tod War Wat Wes Whit Wil Win Wol Wood Wyn""".split()
PLACE_TAILS = """bury borough bridge by combe cote dale den don field ford gate ham hampton hurst ington ley low
mere minster moor mouth ney over stead stoke stone thorpe ton wall well wich wick worth""".split()
WARD_TAILS = ("North", "South", "East", "West", "Central", "Park", "Village", "Valley", "and District",
              "Rural", "Town", "Moor", "Vale", "Heath", "Green")
WARD_WORDS = ("Abbey", "Castle", "Cathedral", "Harbour", "Hillside", "Meadows", "Priory", "Riverside",
              "Westfield", "Broadway", "Chapelfields", "Old Town", "Canalside", "Parklands", "Woodlands",
              "Forest", "Marshside", "Docklands", "Bridgefoot", "Fairground")
SAINTS = ("Mary", "John", "Peter", "Andrew", "Michael", "Anne", "George", "Helen", "James", "Margaret", "Luke",
          "Paul", "Stephen", "Thomas", "Chad", "Aidan", "Oswald", "Cuthbert", "Bede", "Hilda", "Mark", "David")
STREET_KINDS = ("Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Grove", "Crescent", "Terrace",
                "Place", "Gardens", "Rise", "Walk", "Row")
TREES = ("Oak", "Elm", "Beech", "Ash", "Willow", "Hawthorn", "Chestnut", "Rowan", "Birch", "Holly", "Cedar",
         "Laurel", "Larch", "Poplar", "Sycamore", "Hazel", "Alder", "Maple", "Yew", "Juniper")
PUB_NAMES = ("Red Lion", "Crown", "Royal Oak", "White Hart", "Swan", "Plough", "Bell", "Black Horse",
             "Railway Tavern", "Kings Arms", "Queens Head", "Wheatsheaf", "Fox and Hounds", "Rose and Crown",
             "Coach and Horses", "Anchor", "George", "Nag's Head", "Three Tuns", "Star")
COMPANY_KINDS = ("Ltd", "Construction Ltd", "Civil Engineering Ltd", "Care Ltd", "Facilities Management Ltd",
                 "Environmental Services Ltd", "Consulting LLP", "Group plc", "Highways Ltd", "Homes Ltd",
                 "Technology Ltd", "Partnership LLP", "Services Ltd", "Building Contractors Ltd", "Support CIC")
AUTHORITY_FORMS = ("{} Borough Council", "{} District Council", "{} City Council", "{} Council",
                   "{} Metropolitan Borough Council", "London Borough of {}", "{} County Council",
                   "Royal Borough of {}")
PARTIES = ("Labour", "Conservative", "Liberal Democrat", "Green Party", "Independent", "Reform UK",
           "Plaid Cymru", "Residents' Association")
MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GRADES = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ROMAN = ("(i)", "(ii)", "(iii)", "(iv)", "(v)", "(vi)", "(vii)", "(viii)")

SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person (including the "
       "authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or "
       "negotiations, in connection with any labour relations matter arising between the authority or a "
       "Minister of the Crown and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained in legal "
       "proceedings.",
    6: "Information which reveals that the authority proposes to give under any enactment a notice under or by "
       "virtue of which requirements are imposed on a person, or to make an order or direction under any "
       "enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
       "investigation or prosecution of crime.",
}
EXEMPT_TITLES = (
    (3, "Acquisition of Land at {street}"), (3, "Disposal of the Former {place} Depot"),
    (3, "{subject} – Commercial Terms"), (3, "Contract Award – {subject} (Confidential Appendix)"),
    (1, "Staffing Matter – {service} Restructure"), (4, "Pay and Grading Negotiations"),
    (5, "Legal Advice – {subject}"), (6, "Compulsory Purchase Order – {street}"),
    (7, "Enforcement Action – {street}"), (1, "Write-off of Irrecoverable Debts over £{k}k"),
    (2, "Complaint Investigation – Ombudsman Report"), (3, "Lease of Units at {place} Business Park"),
    (3, "Commercial Property Portfolio – Rent Review"), (4, "Senior Management Arrangements"),
)

# --------------------------------------------------------------------------------------------
# Topics: the services an item is about, each with its own vocabulary
# --------------------------------------------------------------------------------------------

TOPICS: dict[str, dict[str, Any]] = {
    "children": dict(
        portfolio="Children's Services", director="Director of Children's Services", dept="CS",
        officers=("Assistant Director, Safeguarding and Family Support", "Head of Children's Social Care",
                  "Principal Social Worker"),
        subjects=("Sufficiency Strategy for Looked After Children", "Fostering Service Annual Report",
                  "Youth Justice Plan", "Early Help Strategy", "Integrated Children's System Replacement",
                  "Children's Centres Review", "Ofsted Improvement Plan", "Residential Children's Homes",
                  "Special Guardianship Allowances", "Care Leavers' Local Offer", "Corporate Parenting Strategy",
                  "Social Work Recruitment and Retention", "Short Breaks Statement", "Regional Adoption Agency",
                  "Family Hubs Programme", "Children's Services Improvement Plan"),
        facts=("the number of children looked after had risen to {big} from {big2} a year earlier",
               "average caseloads for qualified social workers stood at {n} children, against a target of {n2}",
               "agency social workers made up {pct}% of the children's social care workforce",
               "Ofsted had judged the service to be {grade} at its inspection in {month_year}",
               "the proportion of re-referrals within twelve months had fallen to {pct}%",
               "{n} children were placed more than twenty miles from home, most of them in residential care",
               "the average weekly cost of an external residential placement had reached {money_small}",
               "the Safeguarding Children Partnership had endorsed the revised threshold document",
               "{pct}% of care leavers aged 19 to 21 were in education, employment or training",
               "the in-house fostering service had approved {n} new fostering households during the year",
               "timeliness of initial child protection conferences had improved to {pct}%"),
        pressures=("the rising cost of external residential placements", "reliance on agency social workers",
                   "the growing number of unaccompanied asylum-seeking children", "court-directed placements",
                   "demand for early help assessments"),
        stakeholders=("foster carers", "the Safeguarding Children Partnership", "the Children in Care Council",
                      "schools and early years providers", "the Youth Justice Management Board",
                      "health and police partners"),
        actions=("procure a replacement case-management system for children's social care",
                 "commission additional in-house residential capacity",
                 "extend the framework for independent fostering agencies by twelve months",
                 "implement the revised fee structure for foster carers from 1 April",
                 "join a regional adoption agency with neighbouring authorities",
                 "fund {n} additional social work posts from the corporate contingency"),
        lines=("Placements", "Fostering and adoption", "Early help", "Youth justice", "Social work teams",
               "Children with disabilities", "Care leavers", "Safeguarding and quality assurance"),
        indicators=("Re-referrals within 12 months", "Child protection plans reviewed on time",
                    "Care leavers in education, employment or training", "Children with three or more placements"),
    ),
    "education": dict(
        portfolio="Education and Skills", director="Director of Education", dept="ED",
        officers=("Head of School Improvement", "Head of SEND Services", "School Place Planning Manager"),
        subjects=("School Admission Arrangements", "SEND Strategy", "School Place Planning", "Home to School "
                  "Transport Policy", "Schools Funding Formula", "Dedicated Schools Grant Recovery Plan",
                  "Education, Health and Care Plan Timeliness", "Academy Conversions", "Adult Learning Service",
                  "Primary School Expansion Programme", "Alternative Provision Review", "Virtual School Annual "
                  "Report"),
        facts=("{pct}% of Education, Health and Care plans had been issued within twenty weeks",
               "the high needs block was forecast to overspend by {money}",
               "{n} primary schools were operating above their published admission number",
               "demand for reception places was projected to rise by {n} forms of entry by {year_ahead}",
               "{big} pupils were eligible for home to school transport",
               "the Schools Forum had been consulted on the proposed formula",
               "{pct}% of pupils had been offered their first-preference secondary school",
               "the number of pupils permanently excluded had fallen to {n}"),
        pressures=("demand for specialist SEND placements", "rising home to school transport costs",
                   "the deficit on the Dedicated Schools Grant", "falling rolls in some planning areas"),
        stakeholders=("the Schools Forum", "headteachers", "parents and carers", "the Parent Carer Forum",
                      "the diocesan boards", "multi-academy trusts"),
        actions=("consult on the proposed admission arrangements", "expand {place} Primary School by one form of "
                 "entry", "commission additional specialist SEND places", "retender the home to school transport "
                 "contracts", "submit the Dedicated Schools Grant recovery plan to the Department for Education"),
        lines=("High needs", "Home to school transport", "School improvement", "Early years", "Admissions",
               "Educational psychology", "Adult learning"),
        indicators=("EHC plans issued within 20 weeks", "First-preference offers (secondary)",
                    "Persistent absence", "Pupils attending good or outstanding schools"),
    ),
    "adults": dict(
        portfolio="Adult Social Care", director="Director of Adult Social Services", dept="ASC",
        officers=("Assistant Director, Adult Care", "Head of Commissioning", "Principal Occupational Therapist"),
        subjects=("Better Care Fund Plan", "Fees for Care Homes", "Market Position Statement", "Home Care "
                  "Commissioning", "Carers' Strategy", "Extra Care Housing", "Learning Disability Day Services",
                  "Deprivation of Liberty Safeguards", "Charging Policy for Non-residential Care", "Reablement "
                  "Service", "Adult Safeguarding Board Annual Report", "Technology Enabled Care"),
        facts=("{big} people were receiving long-term support from the council",
               "the weekly rate paid for residential care would rise to {money_small}",
               "{pct}% of people discharged from hospital into reablement were still at home after 91 days",
               "the waiting list for care assessments had fallen to {n} people",
               "home care providers had delivered {big} hours of care a week",
               "the Care Quality Commission had rated {pct}% of local care homes good or outstanding",
               "delayed transfers of care attributable to social care had fallen by {pct}%"),
        pressures=("the National Living Wage", "demographic growth in the over-85 population",
                   "the fragility of the home care market", "hospital discharge demand"),
        stakeholders=("care providers", "the Integrated Care Board", "Healthwatch", "carers' organisations",
                      "people who use services", "the Safeguarding Adults Board"),
        actions=("uplift the fees paid to care home providers by {pct_small}%", "recommission home care on a "
                 "locality basis", "adopt the revised Charging Policy", "pool {money} with the Integrated Care "
                 "Board under a section 75 agreement", "develop {n} extra care apartments at {street}"),
        lines=("Residential and nursing care", "Home care", "Day services", "Direct payments", "Reablement",
               "Assessment and care management", "Supported living"),
        indicators=("Still at home 91 days after reablement", "Service users who feel safe",
                    "Carers' assessments completed", "Admissions to care homes (65+, per 100,000)"),
    ),
    "health": dict(
        portfolio="Public Health and Wellbeing", director="Director of Public Health", dept="PH",
        officers=("Consultant in Public Health", "Public Health Commissioning Manager", "Health Improvement Lead"),
        subjects=("Joint Strategic Needs Assessment", "Health and Wellbeing Strategy", "Sexual Health Services",
                  "Drug and Alcohol Treatment Services", "Healthy Child Programme", "Tobacco Control Plan",
                  "Physical Activity Strategy", "Suicide Prevention Plan", "Public Health Grant",
                  "Pharmaceutical Needs Assessment"),
        facts=("the Public Health Grant for {fy} was {money}",
               "smoking prevalence among adults had fallen to {pct}%",
               "{pct}% of children in Year 6 were overweight or obese",
               "successful completions of drug treatment had risen to {pct}%",
               "life expectancy in the most deprived wards was {n_small} years lower than in the least deprived",
               "uptake of NHS Health Checks stood at {pct}% of those invited"),
        pressures=("reductions in the Public Health Grant", "demand for sexual health services",
                   "the cost of treatment for alcohol dependency"),
        stakeholders=("the Health and Wellbeing Board", "the Integrated Care Board", "GP practices",
                      "community pharmacies", "the voluntary and community sector"),
        actions=("recommission integrated sexual health services", "award the drug and alcohol treatment contract",
                 "publish the Pharmaceutical Needs Assessment", "extend the Healthy Child Programme contract"),
        lines=("Sexual health", "Substance misuse", "Healthy child programme", "Health improvement",
               "Health protection", "Public health intelligence"),
        indicators=("Adult smoking prevalence", "Year 6 excess weight", "NHS Health Check uptake",
                    "Drug treatment successful completions"),
    ),
    "housing": dict(
        portfolio="Housing", director="Director of Housing", dept="HSG",
        officers=("Head of Housing Strategy", "Housing Options Manager", "Private Sector Housing Manager"),
        subjects=("Housing Strategy", "Homelessness and Rough Sleeping Strategy", "Housing Revenue Account "
                  "Business Plan", "Tenancy Strategy", "Selective Licensing Scheme", "Council Housebuilding "
                  "Programme", "Allocations Policy", "Disabled Facilities Grants", "Temporary Accommodation",
                  "Empty Homes Strategy", "Decent Homes Programme", "Housing Assistance Policy"),
        facts=("{n} households were in temporary accommodation, {n2} of them with children",
               "{big} households were on the housing register",
               "the Housing Revenue Account held reserves of {money}",
               "{n} affordable homes had been completed during the year against a target of {n2}",
               "average rents would rise by {pct_small}% in line with the rent standard",
               "{pct}% of council homes met the Decent Homes Standard",
               "{n} rough sleepers had been counted in the autumn snapshot"),
        pressures=("the cost of bed and breakfast accommodation", "rising repairs costs",
                   "the loss of private rented tenancies", "right to buy sales"),
        stakeholders=("tenants and leaseholders", "registered providers", "private landlords",
                      "the Tenants' Federation", "homelessness charities"),
        actions=("build {n} new council homes at {street}", "designate a selective licensing area covering "
                 "{ward}", "adopt the revised Allocations Policy", "purchase {n} properties for use as temporary "
                 "accommodation", "set council house rents for {fy}"),
        lines=("Repairs and maintenance", "Supervision and management", "Temporary accommodation",
               "Homelessness prevention", "Capital financing", "Disabled facilities grants"),
        indicators=("Households in temporary accommodation", "Homelessness prevented",
                    "Average re-let time (days)", "Rent collected"),
    ),
    "planning": dict(
        portfolio="Planning and Development", director="Director of Place", dept="PLN",
        officers=("Head of Planning", "Planning Policy Manager", "Principal Planning Officer"),
        subjects=("Local Plan Review", "Statement of Community Involvement", "Community Infrastructure Levy",
                  "Neighbourhood Plan for {place}", "Conservation Area Appraisal for {place}",
                  "Five-year Housing Land Supply", "Design Code", "Strategic Housing Land Availability Assessment",
                  "Planning Enforcement Plan", "Local Development Scheme", "Brownfield Land Register"),
        facts=("the council could demonstrate a {n_small}.{digit}-year supply of deliverable housing sites",
               "{pct}% of major applications had been determined within thirteen weeks",
               "the examination hearings were expected to open in {month_year}",
               "{big} representations had been made on the Regulation 19 draft",
               "Community Infrastructure Levy receipts for the year amounted to {money}",
               "the Housing Delivery Test result had been published at {pct_big}%"),
        pressures=("the cost of the Local Plan examination", "appeal costs", "the volume of applications"),
        stakeholders=("parish and town councils", "developers and landowners", "statutory consultees",
                      "residents' associations", "neighbouring authorities under the duty to co-operate"),
        actions=("submit the Local Plan to the Secretary of State for examination", "publish the draft Design "
                 "Code for consultation", "adopt the Neighbourhood Plan for {place}", "revise the Community "
                 "Infrastructure Levy charging schedule"),
        lines=("Development management", "Planning policy", "Enforcement", "Building control", "Conservation"),
        indicators=("Major applications decided in time", "Minor applications decided in time",
                    "Appeals allowed", "Enforcement cases closed"),
    ),
    "highways": dict(
        portfolio="Highways and Transport", director="Director of Environment and Highways", dept="HWY",
        officers=("Head of Highways", "Traffic Management Manager", "Transport Planning Manager"),
        subjects=("Highways Maintenance Programme", "Local Transport Plan", "Winter Service Plan",
                  "Street Lighting LED Conversion", "Residents' Parking Scheme for {place}", "Bus Service "
                  "Improvement Plan", "Active Travel Fund Schemes", "Road Safety Strategy", "Highways Term "
                  "Maintenance Contract", "{street} Junction Improvement", "Car Parking Charges",
                  "Electric Vehicle Charging Strategy"),
        facts=("{pct}% of the principal road network was in need of maintenance",
               "{big} potholes had been repaired during the year",
               "the gritting fleet had treated the priority network on {n} occasions last winter",
               "the conversion to LED lanterns would save {money} a year in energy costs",
               "{n} people had been killed or seriously injured on the borough's roads in {year_past}",
               "bus patronage remained {pct}% below its pre-pandemic level",
               "the scheme had been funded by a grant of {money} from the Department for Transport"),
        pressures=("the rising cost of bitumen and materials", "the condition of the unclassified network",
                   "concessionary fares reimbursement", "reduced parking income"),
        stakeholders=("bus operators", "the emergency services", "cycling and walking groups",
                      "local businesses", "the combined authority"),
        actions=("award the highways term maintenance contract", "make the Traffic Regulation Order for "
                 "{street}", "introduce a residents' parking zone in {ward}", "proceed with the {street} junction "
                 "improvement", "revise car parking tariffs from 1 April"),
        lines=("Carriageway maintenance", "Footways", "Street lighting", "Winter service", "Traffic management",
               "Parking services", "Public transport"),
        indicators=("Principal roads needing maintenance", "Category 1 defects repaired in 24 hours",
                    "Killed or seriously injured", "Street lights working"),
    ),
    "environment": dict(
        portfolio="Environment and Climate Change", director="Director of Environment and Highways", dept="ENV",
        officers=("Head of Waste Services", "Climate Change Manager", "Head of Environmental Health"),
        subjects=("Climate Emergency Action Plan", "Waste and Recycling Collection Review", "Joint Waste "
                  "Disposal Contract", "Food Waste Collections", "Air Quality Action Plan", "Tree Planting "
                  "Strategy", "Flood Risk Management Strategy", "Fly-tipping Enforcement", "Garden Waste "
                  "Charging", "Biodiversity Net Gain", "Household Waste Recycling Centres"),
        facts=("the household recycling rate had reached {pct}%",
               "{big} tonnes of residual waste had been sent for energy recovery",
               "the council's own carbon emissions had fallen by {pct}% since the baseline year",
               "nitrogen dioxide levels on {street} had exceeded the annual objective",
               "{big} reports of fly-tipping had been received, and {n} fixed penalty notices issued",
               "{big} households had subscribed to the garden waste service",
               "{n} homes had been identified as at risk of surface water flooding"),
        pressures=("landfill tax and gate fees", "the price of recyclable materials", "fleet fuel costs",
                   "new burdens from the Environment Act"),
        stakeholders=("the waste disposal authority", "the Environment Agency", "residents", "parish councils",
                      "community climate groups"),
        actions=("introduce weekly food waste collections", "declare an Air Quality Management Area on "
                 "{street}", "procure a new waste collection fleet", "plant {big} trees over three years",
                 "adopt the Climate Emergency Action Plan"),
        lines=("Waste collection", "Waste disposal", "Street cleansing", "Environmental health", "Parks and open "
               "spaces", "Climate programme"),
        indicators=("Household waste recycled", "Residual waste per household (kg)",
                    "Missed collections per 100,000", "Fly-tipping incidents"),
    ),
    "leisure": dict(
        portfolio="Culture, Leisure and Tourism", director="Director of Communities", dept="CLT",
        officers=("Head of Culture and Leisure", "Libraries Manager", "Tourism and Events Manager"),
        subjects=("Library Service Review", "Leisure Centre Management Contract", "Cultural Strategy",
                  "{place} Museum Redevelopment", "Playing Pitch Strategy", "Events Programme",
                  "Destination Management Plan", "Parks Improvement Programme", "Heritage Lottery Fund Bid",
                  "Community Libraries"),
        facts=("visits to libraries had risen to {big} a year", "the leisure management fee would fall by {money}",
               "{n} community groups had expressed interest in running library services",
               "the bid to the National Lottery Heritage Fund sought {money}",
               "the {place} festival had attracted an estimated {big} visitors"),
        pressures=("energy costs at the swimming pools", "reduced income from fees and charges",
                   "maintenance of ageing leisure buildings"),
        stakeholders=("library users", "sports clubs", "Friends groups", "Arts Council England",
                      "the leisure operator"),
        actions=("award the leisure management contract", "transfer {place} Library to a community "
                 "organisation", "submit a bid to the National Lottery Heritage Fund", "adopt the Cultural "
                 "Strategy"),
        lines=("Libraries", "Leisure centres", "Museums and heritage", "Arts development", "Events", "Parks"),
        indicators=("Library visits", "Leisure centre attendances", "Museum visitors", "Satisfaction with parks"),
    ),
    "regeneration": dict(
        portfolio="Regeneration and Economy", director="Director of Regeneration", dept="REG",
        officers=("Head of Economic Development", "Regeneration Programme Manager", "Head of Property"),
        subjects=("Town Centre Masterplan", "{place} Regeneration Scheme", "Towns Fund Programme",
                  "Levelling Up Fund Bid", "Economic Development Strategy", "UK Shared Prosperity Fund",
                  "Enterprise Zone", "Skills and Employment Plan", "Market Hall Refurbishment",
                  "Asset Management Plan"),
        facts=("the scheme would create an estimated {big} jobs", "the Towns Fund offer amounted to {money_big}",
               "vacancy rates in the town centre had risen to {pct}%", "{n} businesses had received grants",
               "the development partner would deliver {big} new homes and {big2} square metres of commercial space"),
        pressures=("construction cost inflation", "the viability gap on brownfield sites",
                   "delays to grant drawdown"),
        stakeholders=("the Business Improvement District", "the Chamber of Commerce", "the combined authority",
                      "landowners", "the Local Enterprise Partnership"),
        actions=("enter into a development agreement for the {place} site", "accept the Towns Fund grant "
                 "offer", "acquire the freehold of {n} High Street", "appoint a development partner for the town "
                 "centre"),
        lines=("Economic development", "Regeneration projects", "Markets", "Commercial estate", "Skills and "
               "employment"),
        indicators=("Town centre vacancy rate", "Business start-ups", "Jobs created", "Footfall"),
    ),
    "finance": dict(
        portfolio="Finance and Resources", director="Director of Finance", dept="FIN",
        officers=("Head of Finance", "Policy Accountant", "Head of Procurement", "Head of ICT"),
        subjects=("Revenue Budget Monitoring", "Medium Term Financial Strategy", "Capital Programme",
                  "Treasury Management Strategy", "Council Tax Reduction Scheme", "Fees and Charges",
                  "Procurement Strategy", "ICT Strategy", "Customer Access Strategy", "Corporate Property "
                  "Review", "Digital Transformation Programme", "Business Rates Relief Policy"),
        facts=("the council's general fund balance stood at {money_big}",
               "the forecast outturn showed an overspend of {money} against a net budget of {money_big}",
               "the funding gap for {next_fy} was estimated at {money}",
               "council tax collection had reached {pct_big}% of the amount due",
               "{n} contracts with a value over {money_small} had been let during the year",
               "borrowing was within the authorised limit of {money_big}",
               "the savings programme for {fy} was forecast to deliver {pct}% of its target"),
        pressures=("pay awards above the budgeted level", "energy price inflation", "interest rates",
                   "reductions in government grant", "demand-led pressures in social care"),
        stakeholders=("business ratepayers", "residents through the budget consultation", "the trade unions",
                      "the external auditor"),
        actions=("set the council tax for {fy}", "approve the Treasury Management Strategy",
                 "add {money} to the capital programme", "consult on changes to the Council Tax Reduction Scheme",
                 "procure a replacement finance and HR system"),
        lines=("Corporate finance", "Revenues and benefits", "ICT", "Human resources", "Legal services",
               "Property services", "Customer services"),
        indicators=("Council tax collected", "Business rates collected", "Invoices paid within 30 days",
                    "Staff sickness (days per FTE)"),
    ),
    "community": dict(
        portfolio="Communities and Community Safety", director="Director of Communities", dept="COM",
        officers=("Community Safety Manager", "Licensing Manager", "Head of Regulatory Services"),
        subjects=("Community Safety Partnership Plan", "Public Spaces Protection Order for {place}",
                  "Statement of Licensing Policy", "Gambling Act Statement of Principles", "Taxi Licensing Policy",
                  "Domestic Abuse Strategy", "CCTV Upgrade", "Voluntary Sector Grants", "Anti-social Behaviour "
                  "Policy", "Community Cohesion Strategy"),
        facts=("reported anti-social behaviour had fallen by {pct}%", "{n} premises licences had been reviewed",
               "the CCTV network comprised {n} cameras", "{big} referrals had been made to domestic abuse "
               "services", "the grant programme had supported {n} voluntary organisations"),
        pressures=("the end of external grant funding", "the cost of maintaining CCTV",
                   "demand for domestic abuse refuge places"),
        stakeholders=("the police", "the fire and rescue service", "licensed trade", "voluntary organisations",
                      "the Police and Crime Commissioner"),
        actions=("make a Public Spaces Protection Order covering {place} town centre", "adopt the Statement of "
                 "Licensing Policy", "award grants totalling {money} to voluntary organisations",
                 "upgrade the CCTV network"),
        lines=("Community safety", "Licensing", "Trading standards", "Voluntary sector grants", "Emergency "
               "planning"),
        indicators=("Anti-social behaviour incidents", "Repeat domestic abuse referrals",
                    "Licensing applications processed in time", "Test purchases failed"),
    ),
    "governance": dict(
        portfolio="Corporate Governance", director="Monitoring Officer", dept="GOV",
        officers=("Head of Democratic Services", "Democratic Services Officer", "Senior Solicitor"),
        subjects=("Review of the Constitution", "Members' Allowances Scheme", "Code of Conduct for Members",
                  "Review of Polling Districts", "Calendar of Meetings", "Overview and Scrutiny Annual Report",
                  "Standards Committee Annual Report", "Appointments to Outside Bodies", "Petitions Scheme",
                  "Council Plan", "Annual Report of the Independent Remuneration Panel"),
        facts=("the Independent Remuneration Panel had recommended a basic allowance of {money_small}",
               "{n} complaints about councillors had been received under the Code of Conduct",
               "{n} polling districts would be merged", "the Constitution had last been reviewed in {year_past}"),
        pressures=("the cost of elections", "member development"),
        stakeholders=("group leaders", "the Independent Remuneration Panel", "parish councils",
                      "the Standards Committee"),
        actions=("adopt the revised Constitution", "approve the Members' Allowances Scheme for {fy}",
                 "adopt the revised Code of Conduct", "approve the calendar of meetings for {my_next}"),
        lines=("Democratic services", "Elections", "Legal services", "Members' allowances"),
        indicators=("Freedom of information requests answered in time", "Complaints upheld"),
    ),
    "audit": dict(
        portfolio="Audit and Risk", director="Head of Internal Audit", dept="AUD",
        officers=("Chief Internal Auditor", "Risk and Insurance Manager", "Counter Fraud Manager"),
        subjects=("Internal Audit Progress Report", "Annual Governance Statement", "Statement of Accounts",
                  "External Audit Findings Report", "Corporate Risk Register", "Counter Fraud Annual Report",
                  "Internal Audit Plan", "Annual Audit Letter", "Treasury Management Outturn",
                  "Anti-Money Laundering Policy"),
        facts=("{n} audits had been completed, {n2} of them with limited assurance",
               "the external auditor expected to issue an unqualified opinion on the accounts",
               "{n} high-priority recommendations remained outstanding",
               "the counter fraud team had recovered {money}", "{pct}% of the audit plan had been delivered"),
        pressures=("the backlog of local audit", "audit fees"),
        stakeholders=("the external auditor", "the Section 151 Officer", "service managers"),
        actions=("approve the Statement of Accounts for {fy}", "approve the Internal Audit Plan for {next_fy}",
                 "approve the Annual Governance Statement", "adopt the Anti-Money Laundering Policy"),
        lines=("Internal audit", "Risk management", "Insurance", "Counter fraud"),
        indicators=("Audit plan delivered", "Recommendations implemented", "Reports issued in time"),
    ),
}

for _key, _topic in TOPICS.items():
    _topic["key"] = _key

PORTFOLIO_TOPICS = ("children", "education", "adults", "health", "housing", "planning", "highways",
                    "environment", "leisure", "regeneration", "finance", "community")

# Sentence pools.  {slots} are filled by Slots below; each template is used in a group of the narrative.
OPENERS = (
    "The {author} submitted a report which {report_did} {the_subject}.",
    "A report of the {author} was submitted which {report_did} {the_subject}.",
    "A joint report of the {author} and the {author2} was submitted which {report_did} {the_subject}.",
    "Consideration was given to a report of the {author} which {report_did} {the_subject}.",
    "The {author} introduced a report which {report_did} {the_subject} for {fy}.",
    "{member_role_cap} introduced a report which {report_did} {the_subject}.",
    "The {decider} considered a report of the {author} that {report_did} {the_subject}.",
)
REPORT_DID = ("set out", "sought approval for", "updated Members on", "presented", "summarised progress on",
              "sought Members' views on", "asked the {decider_short} to consider", "provided an update on")
BACKGROUND = (
    "By way of background, Members were reminded that {fact}.",
    "The report explained that {fact}.",
    "It was reported that {fact}.",
    "Members were advised that {fact}.",
    "The report noted that {fact}, and that {fact2}.",
    "It was explained that {fact}; however, {pressure_clause}.",
    "The {author} advised that {fact}.",
    "{connector} {fact}.",
    "Since the last report in {month_year}, {fact}.",
    "The position at the end of {month_year} was that {fact}.",
    "The report drew attention to the fact that {fact}.",
)
FINANCE = (
    "The {line} budget for {fy} was {money}, and the report forecast {an_over_under} of {money2}, mainly as "
    "a result of {pressure}.",
    "The proposals would deliver savings of {money} in {fy}, rising to {money2} in a full year.",
    "The capital cost of {money} would be met from {funding}.",
    "The financial implications had been assessed by the {finance_officer}, who confirmed that {finance_clause}.",
    "Members noted that {pressure} had added {money} to the cost of the service since {year_past}.",
    "The revenue consequences, estimated at {money_small} a year, would be contained within existing "
    "budgets.",
    "It was anticipated that savings in the order of {pct_small}% might be required in each of the following "
    "two years, which would equate to around {money} in {next_fy}.",
    "The base budget for {fy} was {money_big}, after adjusting for capital charges and recharges.",
    "An allocation of {money} from {funding} had been agreed in principle, subject to the business case.",
)
CONSULTATION = (
    "A {weeks}-week public consultation had run from {date_a} to {date_c} and had attracted {big} responses, "
    "{pct}% of which supported the proposals.",
    "{stakeholder_cap} had been consulted, and their comments were summarised at Appendix {letter} to the "
    "report.",
    "The ward councillors for {ward} had been briefed and {ward_view}.",
    "Engagement sessions had been held with {stakeholder} in {place} and {place2}.",
    "An equality impact assessment had been completed{eia_when} and {equality}.",
    "The consultation responses had been analysed by theme, and the main concerns related to {concern} and "
    "{concern2}.",
    "Following consultation with {stakeholder}, the proposals had been amended to {amendment}.",
)
PROCUREMENT = (
    "The contract had been advertised through {portal} under the {procedure}; {n_small} tenders had been "
    "received and evaluated on a {qp} quality and price split.",
    "The preferred bidder, {company}, had submitted the most economically advantageous tender.",
    "The existing contract with {company} would expire on {date_b} and could not be extended further under "
    "the Contract Procedure Rules.",
    "The estimated value of the contract over its {n_small}-year term was {money_big}, above the threshold "
    "for the Public Contracts Regulations.",
    "Social value commitments offered by the bidders included {social_value} and {social_value2}.",
    "A soft market testing exercise had identified {n_small} suppliers capable of delivering the service.",
    "The tender evaluation panel had included officers from {service} and {service2}.",
)
PERFORMANCE = (
    "Performance against the measure of {indicator_lower} had moved from {pct}% to {pct2}% over the year, "
    "against a target of {pct3}%.",
    "Of the {n} key performance indicators, {n_small} were rated green, {n_small2} amber and the remainder "
    "red.",
    "Benchmarking against {comparators} showed that the council was in the {quartile} quartile for "
    "{indicator_lower}.",
    "The service had received {n} compliments and {n2} complaints during the period.",
    "Customer satisfaction, measured through the annual residents' survey, stood at {pct}%.",
)
RISK = (
    "The {legal_officer} advised that {legal}.",
    "The principal risks were {risk}, and {risk2}; both were recorded on the corporate risk register.",
    "{failure_lead} {failure}.",
    "The report identified {risk} as the main risk to delivery, which would be mitigated by {mitigation}.",
    "There were no direct implications for {none_area} arising from {the_report}.",
    "The proposals supported the {plan_name} priority of {priority}, {contribution}.",
)
DISCUSSION = (
    "In response to a question from {cllr}, the {officer} confirmed that {assurance}.",
    "{cllr} asked whether {question}; the {officer} explained that {reply}.",
    "Members welcomed the report and commended {praise}, noting that {fact}.",
    "Concern was expressed about {concern}, and the {officer} undertook to {undertaking}.",
    "{cllr} sought assurance that {question_that}, and was advised that {reply}.",
    "During the discussion, Members raised {discussion_points}, with particular reference to {ward}.",
    "{cllr} thanked officers for their work and asked that {request}.",
    "It was noted that {assurance}.",
    "{cllr} proposed that {request}, which was accepted by the {decider_short}.",
)
CONNECTORS = ("In addition,", "Furthermore,", "Members noted that", "It was further reported that",
              "Moreover,", "At the same time,", "The report also explained that", "Officers advised that")
FINANCE_CLAUSES = ("the costs could be contained within the approved budget",
                   "the proposals were affordable within the Medium Term Financial Strategy",
                   "the one-off costs would be met from the transformation reserve",
                   "any slippage would be reported through the quarterly monitoring cycle",
                   "the scheme would be funded by prudential borrowing repaid from the savings it generated",
                   "a contribution of {money} from {funding} would be required in {fy}",
                   "the net saving of {money} had been included in the budget for {next_fy}",
                   "the proposals would add {money_small} a year to running costs from {next_fy}")
FUNDING = ("the capital receipts reserve", "prudential borrowing", "the transformation reserve",
           "external grant funding", "section 106 contributions", "the Community Infrastructure Levy",
           "the corporate contingency", "the invest-to-save fund", "government grant", "the Housing Revenue Account")
PORTALS = ("Contracts Finder", "the Find a Tender service", "the council's e-tendering portal",
           "the regional procurement portal", "a national framework agreement")
PROCEDURES = ("open procedure", "restricted procedure", "competitive procedure with negotiation",
              "light-touch regime", "council's Contract Procedure Rules", "framework mini-competition")
SOCIAL_VALUE = ("apprenticeships for local young people", "a commitment to pay the Real Living Wage",
                "local supply-chain spending", "volunteering days in the community",
                "carbon reduction measures", "work placements for care leavers")
EQUALITY = ("had identified no disproportionate impact on any protected group",
            "had identified a potential impact on older people, which would be mitigated by assisted support",
            "would be kept under review as the proposals were implemented",
            "had identified positive impacts for disabled residents",
            "was published alongside the report")
WARD_VIEWS = ("had raised no objection", "had asked to be kept informed as the scheme progressed",
              "supported the proposals", "had asked for further engagement with residents",
              "had raised concerns about parking, which had been addressed in the design")
LEGAL = ("the council had the power to act under the general power of competence in the Localism Act 2011",
         "the decision was within the council's powers under {act}", "the council had a duty under {act} to "
         "{duty}", "the proposals would need to be kept under review in the light of {act}",
         "external legal advice on {act} had been obtained and was summarised in the report",
         "the proposals complied with the Public Sector Equality Duty, provided the assessment was taken into "
         "account", "the procurement had been conducted in accordance with the Contract Procedure Rules",
         "there was a risk of legal challenge if the consultation responses were not conscientiously considered",
         "the council was required to keep the policy under review at least every five years")
RISKS = ("delay to the programme", "cost overruns", "the loss of external funding", "reputational damage",
         "market failure among providers", "difficulties in recruiting specialist staff",
         "a legal challenge to the decision", "increased demand exceeding the budget",
         "a shortfall in expected income", "dependence on a single supplier")
MITIGATIONS = ("a programme board chaired by the {author}", "monthly monitoring of expenditure",
               "a contingency of {pct_small}% within the budget", "early engagement with the market",
               "a phased implementation", "regular reports to the {decider_short}")
FAILURES = ("the council would not meet its statutory duties", "the external funding would be lost",
            "the council would be unable to {action_bare}", "{money} of external funding would be lost",
            "the improvements expected in {ward} would be delayed until {year_ahead}",
            "the budget gap in {next_fy} would increase by {money}",
            "the savings assumed in the budget would not be achieved", "the current contract would lapse",
            "the service would continue to overspend")
NONE_AREAS = ("staffing", "community safety", "sustainability", "the council's property portfolio",
              "human rights", "health and safety")
PRIORITIES = ("thriving communities", "a strong local economy", "protecting the most vulnerable",
              "a cleaner, greener borough", "good homes for all", "an efficient and effective council",
              "giving every child the best start in life")
ASSURANCES = ("the timetable remained achievable", "the costs were fully funded",
              "ward members would be consulted before any works began", "the service would be kept under review",
              "performance data would be included in future reports", "risks were being actively managed",
              "the proposals had been discussed with partners", "the contract included robust performance "
              "measures", "there would be no reduction in front-line services", "a further report would be "
              "brought in {month_year_ahead}")
QUESTIONS = ("the savings were realistic", "residents in rural areas would be disadvantaged",
             "the scheme could be extended to other wards", "lessons had been learned from elsewhere",
             "the service had sufficient capacity", "the timetable could be brought forward",
             "small local businesses could bid for the work", "the figures took account of inflation")
QUESTIONS_THAT = ("the proposals would be adequately resourced", "residents would be kept informed",
                  "the savings would not affect front-line services", "the new arrangements would be monitored",
                  "lessons from the previous contract had been learned")
REPLIES = ("this would be considered as part of the next phase", "the figures had been independently checked",
           "officers would provide a written answer after the meeting", "the position was being monitored "
           "monthly", "the approach reflected national guidance", "an update would be circulated to all Members",
           "the detail would be set out in the business case")
CONCERNS = ("the pace of delivery", "the level of reserves", "the impact on vulnerable residents",
            "the accessibility of the consultation", "the rising cost of agency staff", "the condition of the "
            "buildings", "the level of demand", "communication with residents", "the reliance on one-off funding")
UNDERTAKINGS = ("circulate the detailed figures to Members", "report back at the next meeting",
                "raise the matter with the provider", "include the information in the next monitoring report",
                "arrange a briefing for ward councillors")
PRAISE = ("the work of staff across the service", "the improvement in performance", "the quality of the "
          "consultation", "the partnership approach taken", "the clarity of the report")
REQUESTS = ("future reports include ward-level data", "Members be briefed before the consultation began",
            "the thanks of the committee be passed to the staff involved", "the scheme be reviewed after twelve "
            "months", "the equality impact assessment be circulated")
DISCUSSION_POINTS = ("the timescales for delivery and the arrangements for monitoring", "the level of "
                     "consultation and the response rate", "the funding assumptions and the risks to them",
                     "the impact on particular wards and on rural areas", "staffing capacity and recruitment")
AMENDMENTS = ("retain a service in each locality", "phase the changes over two years",
              "include additional support for carers", "reduce the proposed increase in charges",
              "extend the consultation period")
QUARTILES = ("top", "second", "third", "bottom")
COMPARATORS = ("statistical neighbours", "its CIPFA nearest neighbours", "similar authorities in the region",
               "the national average", "the other councils in the county", "comparable unitary authorities")
FAILURE_LEADS = ("Failure to proceed would mean that", "If the recommendations were not agreed,",
                 "The report warned that, without a decision,", "Members were advised that, if no action were "
                 "taken,", "Without the proposed changes,")
EIA_WHEN = ("", "", " in {month_year}", " with input from {stakeholder}", " alongside the consultation",
            " by the service")
ACTS = ("the Children Act 1989", "the Care Act 2014", "the Housing Act 1996", "the Highways Act 1980",
        "the Localism Act 2011", "the Environmental Protection Act 1990", "the Licensing Act 2003",
        "the Local Government Act 1972", "the Town and Country Planning Act 1990", "the Equality Act 2010",
        "the Children and Families Act 2014", "the Traffic Management Act 2004", "the Public Health (Control "
        "of Disease) Act 1984", "the Flood and Water Management Act 2010")
DUTIES = ("secure sufficient provision", "consult before making the change", "have regard to the statutory "
          "guidance", "keep the arrangements under review", "publish the policy")
OPTIONS_LEADS = ("The options considered were as follows:", "The report set out the following options:",
                 "Members were presented with the following options:", "The options before the {decider_short} "
                 "were:", "The report described three options, namely:")
WITHDRAW_REASONS = ("pending further legal advice", "as further information was awaited from the government",
                    "to allow further consultation with ward members", "as the report had been superseded",
                    "at the request of the applicant")
DEFER_REASONS = ("further information on the costs to be provided", "a site visit to take place",
                 "the outcome of the consultation to be known", "discussions with partners to be concluded",
                 "the legal implications to be clarified")
SERVICES = ("Children's Services", "Adult Social Care", "Highways", "Waste Services", "Housing", "Revenues and "
            "Benefits", "Customer Services", "Planning", "Leisure Services", "Legal Services", "Finance", "ICT")
MOTION_SUBJECTS = ("Climate Emergency", "Pavement Parking", "Cost of Living", "Fireworks", "Local Bus Services",
                   "Fair Funding for Schools", "Armed Forces Covenant", "Single-use Plastics", "Access to Cash",
                   "Period Poverty", "Water Quality in Our Rivers", "Fuel Poverty", "School Streets",
                   "Dementia-friendly Communities", "Post Office Closures", "Speed Limits near Schools",
                   "Support for Small Businesses", "Affordable Housing", "Youth Services", "Local Hospital Services")
MOTION_RESOLUTIONS = ("write to the Secretary of State setting out the council's concerns",
                      "ask the Executive to bring forward a report within six months",
                      "work with partners to develop an action plan", "support the national campaign",
                      "review its own policies in the light of the motion", "establish a cross-party working group")
PLANNING_DEVELOPMENTS = (
    "Erection of {n} dwellings with associated access, parking and landscaping",
    "Change of use from offices to {n_small} self-contained flats",
    "Outline application for up to {big} dwellings with all matters reserved except access",
    "Demolition of existing garage and erection of a detached dwelling",
    "Single-storey rear extension and loft conversion",
    "Erection of a food store with car parking and servicing",
    "Installation of a ground-mounted solar farm and battery storage",
    "Change of use of agricultural building to a wedding venue",
    "Variation of condition {n_small} of planning permission {plan_ref}",
    "Erection of a three-storey care home with {n} bedrooms",
    "Construction of a drive-through coffee shop",
    "Conversion of former public house to a house in multiple occupation",
    "Erection of {n_small} industrial units with associated yard",
)
PLANNING_CONDITIONS = ("the development be begun within three years", "the development be carried out in "
                       "accordance with the approved plans", "samples of external materials be approved before "
                       "construction", "a construction management plan be submitted and approved",
                       "the parking spaces be provided before first occupation", "a landscaping scheme be "
                       "implemented in the first planting season", "working hours be restricted to 8am to 6pm "
                       "on weekdays", "a surface water drainage scheme be approved", "electric vehicle charging "
                       "points be installed", "biodiversity enhancements be provided")
PLANNING_DISCUSSION = (
    "{cllr} asked about the arrangements for construction traffic; the {officer} explained that a construction "
    "management plan would be required by condition.",
    "Members discussed the adequacy of the parking provision and the effect on {street}.",
    "{cllr}, a ward member for {ward}, spoke about the concerns of local residents.",
    "In response to a question from {cllr}, the {officer} confirmed that the highway authority had raised no "
    "objection.",
    "Members noted that the site lay within the settlement boundary defined in the Local Plan.",
    "Concern was expressed about the design and height of the proposed buildings.",
    "{cllr} asked whether the affordable housing contribution complied with policy; the {officer} confirmed that "
    "{pct}% of the units would be affordable.",
    "The {officer} advised that the Lead Local Flood Authority was satisfied with the drainage strategy.",
)
REFUSAL_REASONS = ("its scale and massing would harm the character of the area",
                   "it would result in an unacceptable loss of amenity to neighbouring residents",
                   "the access arrangements would be prejudicial to highway safety",
                   "it would cause less than substantial harm to the conservation area, not outweighed by "
                   "public benefits", "it would be inappropriate development in the Green Belt",
                   "insufficient information had been submitted on flood risk")
INTEREST_TEXTS = ("is a member of the {place} Residents' Association", "is employed by a school in the borough",
                  "is a governor of {place} Primary School", "lives near the application site",
                  "is a trustee of a charity that receives a council grant", "is a member of the board of "
                  "{company}", "has a relative employed in the service concerned", "is a member of the "
                  "Integrated Care Board", "had been lobbied by the applicant",
                  "is a council tenant", "holds an allotment tenancy from the council")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = text.replace("ś", "s")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def long_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def ordinal_date(d: dt.date) -> str:
    suffix = "th" if 10 <= d.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
    return f"{d.day}{suffix} {MONTHS[d.month]}, {d.year}"


def fy_of(d: dt.date, shift: int = 0) -> str:
    y = (d.year if d.month >= 4 else d.year - 1) + shift
    return f"{y}/{(y + 1) % 100:02d}"


def myear_of(d: dt.date) -> int:
    return d.year if d >= _myear_start(d.year) else d.year - 1


_MYEAR_STARTS: dict[int, dt.date] = {}


def _myear_start(year: int) -> dt.date:
    """The annual meeting: the first Wednesday on or after 16 May."""
    start = _MYEAR_STARTS.get(year)
    if start is None:
        d = dt.date(year, 5, 16)
        start = _MYEAR_STARTS[year] = d + dt.timedelta(days=(2 - d.weekday()) % 7)
    return start


def election_date(year: int) -> dt.date:
    d = dt.date(year, 5, 1)
    return d + dt.timedelta(days=(3 - d.weekday()) % 7)  # first Thursday in May


def cycle_of_myear(my: int) -> int:
    return max(0, min(len(ELECTION_YEARS) - 1, (my - ELECTION_YEARS[0]) // 4))


def add_working_days(d: dt.date, n: int) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def weekday_on_or_after(d: dt.date, allowed: tuple[int, ...]) -> dt.date:
    while d.weekday() not in allowed:
        d += dt.timedelta(days=1)
    return d


def money_text(rng: random.Random, lo: int, hi: int) -> str:
    v = rng.randint(lo, hi)
    r = rng.random()
    if v >= 1_000_000:
        if r < 0.4:
            return f"£{v / 1_000_000:.1f}m"
        if r < 0.55:
            return f"£{v / 1_000_000:.2f} million"
        return f"£{round(v, -3):,}"
    if v >= 10_000:
        if r < 0.3:
            return f"£{round(v / 1000)}k"
        return f"£{round(v, -2):,}"
    return f"£{v:,}"


class Raw(str):
    """Text written into YAML exactly as it is (numbers, dates, true/false)."""


_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"}


def _scalar(v: Any) -> str:
    if isinstance(v, Raw):
        return v
    if isinstance(v, str):
        # ids and words such as 'held' are left plain; everything else is double-quoted (JSON escapes are
        # valid YAML), so no value can be misread as a number, date, boolean, null or YAML syntax
        return v if _PLAIN.match(v) and v not in _YAML_WORDS else q(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if v is None:
        return "null"
    raise TypeError(type(v))


def _flow(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + "}"
    return _scalar(v)


def _is_flat(v: list) -> bool:
    return all(not isinstance(x, (dict, list)) for x in v)


def _map(lines: list[str], d: dict, indent: str) -> None:
    for k, v in d.items():
        if isinstance(v, dict):
            lines.append(f"{indent}{k}:")
            _map(lines, v, indent + "  ")
        elif isinstance(v, list):
            if _is_flat(v):
                lines.append(f"{indent}{k}: {_flow(v)}")
            else:
                lines.append(f"{indent}{k}:")
                _seq(lines, v, indent + "  ")
        else:
            lines.append(f"{indent}{k}: {_scalar(v)}")


def _seq(lines: list[str], items: list, indent: str) -> None:
    for v in items:
        if isinstance(v, dict):
            start = len(lines)
            _map(lines, v, indent + "  ")
            lines[start] = indent + "- " + lines[start][len(indent) + 2:]
        elif isinstance(v, list):
            lines.append(f"{indent}- {_flow(v)}")
        else:
            lines.append(f"{indent}- {_scalar(v)}")


def yaml_text(d: dict) -> str:
    """Block YAML for a mapping; every string double-quoted, so nothing is misread."""
    lines: list[str] = []
    _map(lines, d, "")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# The cast of an authority: bodies, councillors, officers and who held which post when
# --------------------------------------------------------------------------------------------

class Person:
    __slots__ = ("id", "kind", "honorific", "given", "initials", "family", "party", "ward", "roles", "label",
                 "start", "end")

    def __init__(self, ident: str, kind: str, honorific: Optional[str], given: str, family: str):
        self.id, self.kind, self.honorific, self.given, self.family = ident, kind, honorific, given, family
        self.initials = given[0] + "."
        self.party: Optional[str] = None
        self.ward: Optional[str] = None
        self.roles: list[dict] = []
        self.start: Optional[dt.date] = None
        self.end: Optional[dt.date] = None
        if kind == "councillor":
            self.label = "Councillor " + (honorific + " " if honorific else "") + family
        else:
            self.label = (honorific + " " if honorific else "") + self.initials + " " + family

    def record(self) -> dict:
        d: dict[str, Any] = {"kind": self.kind}
        if self.honorific:
            d["honorific"] = self.honorific
        if self.kind == "officer" and len(self.id) % 3 == 0:
            d["initials"] = self.initials  # some records know officers only by initials
        else:
            d["given_name"] = self.given
        d["family_name"] = self.family
        if self.party:
            d["party"] = self.party
        if self.ward:
            d["ward"] = self.ward
        if self.roles:
            d["roles"] = self.roles
        return d


class Body:
    __slots__ = ("id", "name", "kind", "topics", "style", "number_procedural", "weight", "time", "venue",
                 "prefix", "reports_to", "description", "size", "portfolio", "director", "members", "short",
                 "index", "chair_post", "vice_post", "spokes")

    def __init__(self, ident: str, name: str, kind: str, topics: tuple, weight: float, **kw: Any):
        self.id, self.name, self.kind, self.topics, self.weight = ident, name, kind, topics, weight
        self.style = kw.get("style", "plain")
        self.number_procedural = kw.get("number_procedural", True)
        self.time = kw.get("time", "10:00")
        self.venue = kw.get("venue")
        self.prefix = kw.get("prefix", "")
        self.reports_to = kw.get("reports_to")
        self.description = kw.get("description")
        self.size = kw.get("size", 0)
        self.portfolio = kw.get("portfolio")
        self.director = kw.get("director")
        self.short = kw.get("short", "Committee")
        self.members: list[list[Person]] = []  # per election cycle
        self.index = 0
        self.chair_post = self.vice_post = None
        self.spokes: tuple = ()

    def record(self) -> dict:
        d: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.description:
            d["description"] = self.description
        if self.reports_to:
            d["reports_to"] = self.reports_to
        return d


class Post:
    """A councillors' post (Leader, Executive Member for X, Chair of a committee) held year by year."""

    __slots__ = ("title", "body", "holders")

    def __init__(self, title: str, body: str):
        self.title, self.body = title, body
        self.holders: list[Optional[Person]] = [None] * (LAST_MYEAR - FIRST_MYEAR + 1)

    def at(self, my: int) -> Optional[Person]:
        return self.holders[min(max(my, FIRST_MYEAR), LAST_MYEAR) - FIRST_MYEAR]


class OfficerPost:
    """An officers' post held by one person after another, with interim holders between."""

    __slots__ = ("title", "starts", "terms", "body")

    def __init__(self, title: str):
        self.title = title
        self.starts: list[dt.date] = []
        self.terms: list[tuple[dt.date, dt.date, Person, str]] = []
        self.body: Optional[str] = None

    def at(self, d: dt.date) -> tuple[Person, str]:
        i = bisect.bisect_right(self.starts, d) - 1
        start, end, person, title = self.terms[max(i, 0)]
        return person, title


class Names:
    """Unique ids across the whole archive (a person's id is global)."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED)

    def take(self, *candidates: str) -> str:
        for c in candidates:
            if c not in self.used:
                self.used.add(c)
                return c
        base, n = candidates[-1], 2
        while f"{base}-{n}" in self.used:
            n += 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"


SCRUTINY_GROUPS = (
    ("Children and Young People", ("children", "education")),
    ("Health and Adult Social Care", ("adults", "health")),
    ("Place", ("highways", "environment", "housing", "regeneration", "leisure", "planning")),
    ("Resources", ("finance", "governance", "community")),
)
WORKING_PARTIES = (
    ("Local Plan Working Party", ("planning",), "executive"),
    ("Climate Change Working Party", ("environment",), "executive"),
    ("Constitution Working Party", ("governance",), "council"),
    ("Corporate Parenting Working Party", ("children",), "executive"),
    ("Member Development Working Party", ("governance",), "council"),
    ("Housing Delivery Working Party", ("housing",), "executive"),
)


class Authority:
    def __init__(self, rng: random.Random, names: Names, places: set[str]):
        self.rng = rng
        while True:
            place = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
            slug = slugify(place)
            if slug not in places and slug not in names.used:
                break
        places.add(slug)
        names.used.add(slug)
        self.place, self.id = place, slug
        self.name = rng.choice(AUTHORITY_FORMS).format(place)
        self.website = f"https://{slug}.council.example/"
        self.call_in_days = rng.choice((3, 4, 5, 5, 5, 8, 10))
        self.exec_word = rng.choice(("Executive", "Cabinet"))
        self.member_prefix = {"Executive": rng.choice(("Executive Member", "Executive Member", "Portfolio Holder")),
                              "Cabinet": "Cabinet Member"}[self.exec_word]
        self.council_chair = rng.choice(("Mayor", "Mayor", "Chairman of the Council", "Chair of the Council"))
        self.ref_style = rng.randrange(3)
        self.kd_style = rng.randrange(2)
        self.date_style = rng.randrange(2)
        self.label_style = rng.choice(("(i)", "(1)", "(a)"))
        self.chamber = rng.choice(("Council Chamber, Town Hall", "Council Chamber, Civic Centre",
                                   "Council Chamber, Municipal Buildings", "The Guildhall"))
        self.rooms = ("Committee Room 1, " + self.chamber.split(", ")[-1],
                      "Committee Room 2, " + self.chamber.split(", ")[-1],
                      "Members' Room, " + self.chamber.split(", ")[-1])
        self.counters: dict[Any, int] = {}
        self.doc_number = rng.randint(1000, 30000)
        # wards
        self.wards: list[str] = []
        seen: set[str] = set()
        while len(self.wards) < rng.randint(11, 19):
            r = rng.random()
            if r < 0.35:
                w = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
            elif r < 0.6:
                w = f"{place if rng.random() < 0.3 else rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)} " \
                    f"{rng.choice(WARD_TAILS)}"
            elif r < 0.72:
                w = f"St {rng.choice(SAINTS)}'s"
            elif r < 0.88:
                w = rng.choice(WARD_WORDS)
            else:
                w = f"{rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)} and " \
                    f"{rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)}"
            if w not in seen:
                seen.add(w)
                self.wards.append(w)
        self.streets = [f"{rng.choice(SURNAMES + list(TREES)).replace('ś', 's')} {rng.choice(STREET_KINDS)}"
                        for _ in range(40)]
        self.localities = [rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS) for _ in range(12)] + [place]
        # parties: the first two are the main ones
        pool = [p for p in PARTIES if p != "Plaid Cymru" or rng.random() < 0.1]
        first = rng.sample(pool[:3], 2)
        rest = [p for p in pool if p not in first]
        self.parties = first + rng.sample(rest, rng.randint(1, 2))
        self.party_weights = [rng.uniform(0.3, 0.5), rng.uniform(0.25, 0.4)] + \
                             [rng.uniform(0.05, 0.15) for _ in self.parties[2:]]
        self.portfolios = ["finance"] + rng.sample([t for t in PORTFOLIO_TOPICS if t != "finance"],
                                                   rng.randint(4, 6))

    def build(self, names: Names) -> None:
        """The cast: bodies, councillors and officers, and who held which post in each year."""
        self._bodies()
        self._councillors(names)
        self._posts()
        self._officers(names)
        self.people = self.councillors + self.officers

    # -- bodies --------------------------------------------------------------------------

    def _bodies(self) -> None:
        rng = self.rng
        ew = self.exec_word
        bodies = [Body("council", rng.choice(("Council", "Full Council")), "council", ("finance", "governance"), 6,
                       style=rng.choice(("plain", "suffixed")), time=rng.choice(("18:30", "19:00", "14:00")),
                       venue=self.chamber, short="Council",
                       description=f"The full council of {self.name}: all elected members."),
                  Body(slugify(ew), ew, "executive", tuple(self.portfolios), 10,
                       style=rng.choice(("plain", "suffixed", "prefixed")), prefix=ew[0] + ".",
                       time=rng.choice(("10:00", "14:00", "17:30")), venue=self.rooms[0], short=ew,
                       description=f"{self.name}'s {ew.lower()}, which takes the council's executive decisions.")]
        for t in rng.sample(self.portfolios, rng.randint(2, 3)):
            title = f"{self.member_prefix} for {TOPICS[t]['portfolio']}"
            bodies.append(Body(slugify(title), title, "executive-member", (t,), 5, portfolio=t,
                               style=rng.choice(("plain", "per-meeting")), number_procedural=False,
                               time=rng.choice(("09:30", "10:00", "11:00", "16:00")), venue=self.rooms[2],
                               short=self.member_prefix,
                               description=f"Decisions taken by the {title}, in the presence of the opposition "
                                           "spokespersons and officers."))
        directors: dict[str, list[str]] = {}
        for t in self.portfolios:
            directors.setdefault(TOPICS[t]["director"], []).append(t)
        for director in rng.sample(sorted(directors), min(len(directors), rng.randint(1, 2))):
            bodies.append(Body(slugify(director + " decisions"), f"{director} – delegated decisions", "officer",
                               tuple(directors[director]), 6, director=director,
                               style=rng.choice(("lettered", "per-meeting", "none")), number_procedural=False,
                               short=director, description=f"Decisions taken by the {director} under powers "
                                                           "delegated in the Constitution."))
        bodies.append(Body(rng.choice(("planning-committee", "planning-and-regulatory-committee",
                                       "development-control-committee")), "", "committee", ("planning",), 10,
                           style=rng.choice(("prefixed", "suffixed", "plain")), prefix="PLA",
                           time=rng.choice(("18:00", "18:30", "14:00")), venue=self.chamber, size=rng.randint(11, 13),
                           short="Committee"))
        bodies[-1].name = {"planning-committee": "Planning Committee",
                           "planning-and-regulatory-committee": "Planning and Regulatory Committee",
                           "development-control-committee": "Development Control Committee"}[bodies[-1].id]
        if rng.random() < 0.75:
            bodies.append(Body("licensing-committee", "Licensing Committee", "committee", ("community",), 4,
                               style="plain", time="10:00", venue=self.rooms[1], size=rng.randint(10, 15)))
        if rng.random() < 0.85:
            bodies.append(Body("audit-and-governance-committee", "Audit and Governance Committee", "committee",
                               ("audit",), 5, style=rng.choice(("plain", "suffixed")), prefix="AGC",
                               time="14:00", venue=self.rooms[1], size=rng.randint(7, 9)))
        if rng.random() < 0.3:
            bodies.append(Body("standards-committee", "Standards Committee", "committee", ("governance",), 2,
                               style="per-meeting", time="14:00", venue=self.rooms[2], size=rng.randint(5, 7)))
        word = rng.choice(("Scrutiny Committee", "Overview and Scrutiny Committee", "PDS Committee",
                           "Scrutiny Panel"))
        groups = [g for g in SCRUTINY_GROUPS if any(t in self.portfolios or t in ("finance",) for t in g[1])]
        for label, topics in rng.sample(groups, min(len(groups), rng.randint(2, 3))):
            name = f"{label} {word}"
            bodies.append(Body(slugify(name), name, "scrutiny-committee", topics, 6, reports_to="council",
                               style=rng.choice(("plain", "per-meeting", "suffixed")),
                               time=rng.choice(("18:00", "18:30", "10:00")), venue=self.rooms[0],
                               size=rng.randint(8, 12), short=word.split()[-1] if word != "PDS Committee"
                               else "Committee",
                               description=f"A {word.lower().replace('pds', 'Policy Development and Scrutiny')} "
                                           f"of {self.name}."))
        for name, topics, reports_to in rng.sample(WORKING_PARTIES, rng.randint(1, 2)):
            bodies.append(Body(slugify(name), name, "working-party", topics, 3,
                               reports_to=slugify(ew) if reports_to == "executive" else "council",
                               style=rng.choice(("per-meeting", "lettered")), number_procedural=False,
                               time=rng.choice(("10:00", "14:00", "17:00")), venue=self.rooms[2],
                               size=rng.randint(5, 8), short="Working Party"))
        for i, b in enumerate(bodies):
            b.index = i
        self.bodies = bodies
        self.council, self.executive = bodies[0], bodies[1]
        self.by_kind: dict[str, list[Body]] = {}
        for b in bodies:
            self.by_kind.setdefault(b.kind, []).append(b)

    # -- councillors ---------------------------------------------------------------------

    def _new_person(self, names: Names, kind: str) -> Person:
        rng = self.rng
        given, family = rng.choice(GIVEN), rng.choice(SURNAMES)
        if kind == "councillor":
            ident = names.take(f"cllr-{slugify(family)}", f"cllr-{slugify(given)}-{slugify(family)}")
            return Person(ident, kind, rng.choice(COUNCILLOR_HONORIFICS), given, family)
        ident = names.take(f"{slugify(given)[0]}-{slugify(family)}", f"{slugify(given)}-{slugify(family)}")
        return Person(ident, kind, rng.choice(OFFICER_HONORIFICS), given, family)

    def _councillors(self, names: Names) -> None:
        rng = self.rng
        cycles = len(ELECTION_YEARS)
        self.councillors: list[Person] = []
        self.active: list[list[Person]] = [[] for _ in range(cycles)]
        for ward in self.wards:
            for _seat in range(rng.choice((2, 3, 3))):
                holder: Optional[Person] = None
                for c, year in enumerate(ELECTION_YEARS):
                    if holder is None or rng.random() > 0.72:
                        if holder is not None:
                            holder.end = election_date(year)
                        party = holder.party if holder is not None and rng.random() < 0.55 else \
                            rng.choices(self.parties, self.party_weights)[0]
                        holder = self._new_person(names, "councillor")
                        holder.party, holder.ward = party, ward
                        first = year if c else year - 4 * rng.choice((0, 0, 1, 2, 3))
                        holder.start = election_date(first)
                        self.councillors.append(holder)
                    self.active[c].append(holder)
        for p in self.councillors:
            role: dict[str, Any] = {"title": f"Councillor for {p.ward} ward", "from": p.start}
            if p.end:
                role["to"] = p.end
            p.roles.append(role)
        self.ruling: list[str] = []
        for c in range(cycles):
            seats: dict[str, int] = {}
            for p in self.active[c]:
                seats[p.party] = seats.get(p.party, 0) + 1
            self.ruling.append(max(self.parties, key=lambda party: seats.get(party, 0)))

    def _posts(self) -> None:
        rng = self.rng
        b_by_portfolio = {b.portfolio: b for b in self.bodies if b.kind == "executive-member"}
        self.leader = Post("Leader of the Council", self.council.id)
        self.opposition = Post("Leader of the Opposition", self.council.id)
        self.mayor = Post(self.council_chair, self.council.id)
        self.portfolio_posts = {t: Post(f"{self.member_prefix} for {TOPICS[t]['portfolio']}",
                                        (b_by_portfolio.get(t) or self.executive).id) for t in self.portfolios}
        for b in self.bodies:
            if b.kind in ("committee", "scrutiny-committee", "working-party"):
                b.chair_post, b.vice_post = Post("Chair", b.id), Post("Vice-Chair", b.id)
            if b.kind == "executive-member":
                b.spokes = (Post("Major Opposition Spokesperson", b.id), Post("Minor Opposition Spokesperson", b.id))
        for b in self.bodies:  # committee membership per election cycle
            for c in range(len(ELECTION_YEARS)):
                pool = self.active[c]
                b.members.append(rng.sample(pool, min(len(pool), b.size)) if b.size else [])
        posts = [self.leader, self.opposition, self.mayor, *self.portfolio_posts.values()]
        posts += [p for b in self.bodies for p in (b.chair_post, b.vice_post, *b.spokes) if p is not None]
        self.councillor_posts = posts

        def keep(post: Post, i: int, pool: list[Person], p_keep: float, taken: set[str]) -> Person:
            prev = post.holders[i - 1] if i else None
            if prev is not None and prev in pool and prev.id not in taken and rng.random() < p_keep:
                return prev
            choices = [p for p in pool if p.id not in taken] or pool
            return rng.choice(choices)

        for i, my in enumerate(range(FIRST_MYEAR, LAST_MYEAR + 1)):
            c = cycle_of_myear(my)
            active = self.active[c]
            ruling = [p for p in active if p.party == self.ruling[c]]
            others = [p for p in active if p.party != self.ruling[c]]
            taken: set[str] = set()
            leader = self.leader.holders[i] = keep(self.leader, i, ruling, 0.85, taken)
            taken.add(leader.id)
            for post in self.portfolio_posts.values():
                holder = post.holders[i] = keep(post, i, ruling, 0.75, taken)
                taken.add(holder.id)
            opp_party = max((pt for pt in self.parties if pt != self.ruling[c]),
                            key=lambda pt: sum(1 for p in others if p.party == pt))
            self.opposition.holders[i] = keep(self.opposition, i, [p for p in others if p.party == opp_party]
                                              or others, 0.85, taken)
            self.mayor.holders[i] = keep(self.mayor, i, [p for p in active if p.id not in taken], 0.0, taken)
            for b in self.bodies:
                if b.chair_post is not None:
                    members = [p for p in b.members[c] if p.id not in taken] or b.members[c]
                    chair = b.chair_post.holders[i] = keep(b.chair_post, i, members, 0.7, set())
                    b.vice_post.holders[i] = keep(b.vice_post, i, [p for p in members if p is not chair]
                                                  or members, 0.7, set())
                spoken: set[str] = set(taken)
                for post in b.spokes:
                    post.holders[i] = keep(post, i, others or active, 0.8, spoken)
                    spoken.add(post.holders[i].id)
        for post in posts:  # runs of years become roles in the person files
            run_start = 0
            for i in range(1, len(post.holders) + 1):
                if i == len(post.holders) or post.holders[i] is not post.holders[run_start]:
                    holder = post.holders[run_start]
                    role: dict[str, Any] = {"title": post.title, "body": post.body,
                                            "from": _myear_start(FIRST_MYEAR + run_start)}
                    if i < len(post.holders):
                        role["to"] = _myear_start(FIRST_MYEAR + i) - dt.timedelta(days=1)
                    holder.roles.append(role)
                    run_start = i

    # -- officers ------------------------------------------------------------------------

    def _officers(self, names: Names) -> None:
        rng = self.rng
        titles = ["Chief Executive", TOPICS["finance"]["director"], TOPICS["governance"]["director"],
                  "Democratic Services Officer", TOPICS["audit"]["director"]]
        topics = list(dict.fromkeys(t for b in self.bodies for t in b.topics))
        for t in topics + [t for t in ("planning", "audit", "governance", "finance") if t not in topics]:
            for title in (TOPICS[t]["director"], *rng.sample(TOPICS[t]["officers"], rng.randint(1, 2))):
                if title not in titles:
                    titles.append(title)
        officer_bodies = {b.director: b.id for b in self.bodies if b.kind == "officer"}
        self.officer_posts: dict[str, OfficerPost] = {}
        self.officers: list[Person] = []
        for title in titles:
            post = self.officer_posts[title] = OfficerPost(title)
            post.body = officer_bodies.get(title)
            t = START - dt.timedelta(days=rng.randint(30, 3000))
            while t <= END:
                person = self._new_person(names, "officer")
                end = t + dt.timedelta(days=rng.randint(900, 4200))
                self._officer_term(post, person, t, end, title)
                t = end
                if rng.random() < 0.2 and t <= END:
                    interim = self._new_person(names, "officer")
                    end = t + dt.timedelta(days=rng.randint(90, 300))
                    self._officer_term(post, interim, t, end, f"Interim {title}")
                    t = end

    def _officer_term(self, post: OfficerPost, person: Person, start: dt.date, end: dt.date, title: str) -> None:
        post.starts.append(start)
        post.terms.append((start, end, person, title))
        role: dict[str, Any] = {"title": title}
        if post.body:
            role["body"] = post.body
        role["from"] = start
        if end <= END:
            role["to"] = end - dt.timedelta(days=1)
        person.roles.append(role)
        self.officers.append(person)

    # -- lookups during meetings ---------------------------------------------------------

    def officer(self, title: str, d: dt.date) -> tuple[Person, str]:
        return self.officer_posts[title].at(d)

    def count(self, key: Any, start: int = 1) -> int:
        n = self.counters.get(key, start - 1) + 1
        self.counters[key] = n
        return n

    def record(self, seed: int) -> dict:
        return {"name": self.name, "short_name": self.place, "website": self.website,
                "call_in_days": self.call_in_days, "language": "en",
                "notes": [f"A synthetic authority written by `minutebook demo` (seed {seed}) for benchmarks. "
                          "Its people, places, companies and decisions are invented."]}

    # -- the calendar --------------------------------------------------------------------

    def schedule(self, n: int) -> list[tuple[dt.date, Body, str, str]]:
        """(date, body, file name, status) for `n` meetings, in date order."""
        rng, bodies = self.rng, self.bodies
        total = sum(b.weight for b in bodies)
        raw = [n * b.weight / total for b in bodies]
        counts = [int(x) for x in raw]
        for i in sorted(range(len(bodies)), key=lambda i: (counts[i] - raw[i], i))[:n - sum(counts)]:
            counts[i] += 1
        if n >= len(bodies):
            for i in range(len(bodies)):
                if counts[i] == 0:
                    counts[max(range(len(bodies)), key=lambda j: (counts[j], -j))] -= 1
                    counts[i] = 1
        span = (END - START).days
        entries: list[tuple[dt.date, int]] = []
        windows = [(election_date(y) - dt.timedelta(days=21), _myear_start(y)) for y in ELECTION_YEARS]
        for b, k in zip(bodies, counts):
            days = (0, 1, 2, 3, 4) if b.kind == "officer" else (0, 1, 2, 3)
            for i in range(k):
                d = START + dt.timedelta(days=int((i + rng.random()) * span / k))
                for lo, hi in windows:
                    if lo <= d < hi:
                        d = hi + dt.timedelta(days=rng.randint(1, 20))
                entries.append((weekday_on_or_after(d, days), b.index))
        if n >= 3 and not any(d > BUILD_DATE for d, _ in entries):
            j = max(range(len(entries)), key=lambda j: (entries[j][1] == self.executive.index, entries[j][0]))
            d = BUILD_DATE + dt.timedelta(days=rng.randint(10, 150))
            entries[j] = (weekday_on_or_after(d, (0, 1, 2, 3)), entries[j][1])
        entries.sort()
        out, seen = [], {}
        for d, bi in entries:
            key = (d, bi)
            seen[key] = seen.get(key, 0) + 1
            slug = d.isoformat() + (f"-{seen[key]}" if seen[key] > 1 else "")
            if d > BUILD_DATE:
                status = "scheduled"
            else:
                r = rng.random()
                status = "cancelled" if r < 0.01 else "postponed" if r < 0.014 else "held"
            out.append((d, bodies[bi], slug, status))
        return out


# --------------------------------------------------------------------------------------------
# Meetings
# --------------------------------------------------------------------------------------------

VERB_TEXTS = {
    "AGREED": ("to {action}.", "the recommendations set out in the report.", "to proceed with {the_subject} "
               "as set out in the report.", "that officers {action_bare}.", "to note the risks and to {action}."),
    "NOTED": ("the report.", "the progress made on {the_subject}.", "the position set out in the report.",
              "{the_subject}.", "the update and the comments made at the meeting."),
    "RESOLVED": ("that {the_subject} be approved.", "that authority be given to {action}.", "that the report be "
                 "noted and a further report be submitted in {month_year_ahead}.", "that the council {action_bare}.",
                 "that the recommendations of the {other_body} be accepted."),
    "APPROVED": ("{the_subject} as set out at Appendix {letter} to the report.", "the proposal to {action}.",
                 "expenditure of {money} to {action}.", "the revised {subject_short} for {fy}."),
    "NOT APPROVED": ("the proposal to {action}.", "the request for additional funding of {money}.",
                     "the variation to the scheme, for the reasons given in the report."),
    "DEFERRED": ("consideration of the report to a future meeting, to allow {defer_reason}.",
                 "a decision on {the_subject} until {month_year_ahead}, to allow {defer_reason}."),
    "WITHDRAWN": ("the report was withdrawn from the agenda {withdraw_reason}.",
                  "the item was withdrawn by the {author} {withdraw_reason}."),
    "REFERRED": ("the report to the {other_body} for consideration.", "{the_subject} to the {other_body}, "
                 "together with the comments made at the meeting.", "the matter to {recommend_to} for decision."),
    "RECOMMENDED": ("to {recommend_to} that {the_subject} be approved.", "to {recommend_to} that authority be "
                    "given to {action}.", "to {recommend_to} that the {subject_short} be adopted."),
    "ENDORSED": ("{the_subject} for submission to {stakeholder}.", "the approach set out in the report.",
                 "the draft {subject_short} for public consultation."),
    "ADOPTED": ("{the_subject} with effect from {date_b}.", "{the_subject}, as amended at the meeting.",
                "the revised {subject_short}."),
    "REJECTED": ("Option {k_option}, to {action}, for the reasons set out in the report.",
                 "the proposed amendment.", "the tender submitted by {company}, which was non-compliant."),
    "DELEGATED": ("authority to the {author}, in consultation with the {portfolio_holder}, to {action}.",
                  "authority to the {author} to finalise the terms of the agreement."),
    "LOST": ("the amendment, which on being put to the vote was declared lost.",),
    "CARRIED": ("the motion, which on being put to the vote was declared carried.",),
    "CONSIDERED": ("the report and the comments of the {other_body}.", "{the_subject} and the issues raised in "
                   "the discussion.", "the information provided by the {author}."),
}
RESOLVED_PARTS = ("the report be noted", "{the_subject} be approved", "authority be delegated to the {author} "
                  "to {action}", "a further report be submitted in {month_year_ahead}", "the {author} be asked to "
                  "{undertaking}", "the comments of the {decider_short} be passed to the {other_body}",
                  "the budget of {money} be added to the capital programme", "the risks set out in the report be "
                  "noted", "the thanks of the {decider_short} be recorded to the staff involved")
REASONS = ("To {reason_body}.", "The decision will {reason_body}.", "To enable the council to {reason_body}.")
REASON_BODIES = ("meet the council's statutory duties", "secure best value for the council",
                 "deliver the savings assumed in the Medium Term Financial Strategy", "improve outcomes for "
                 "residents", "respond to the findings of the inspection", "ensure continuity of service when "
                 "the current contract expires", "take account of the consultation responses",
                 "support the priorities in the Council Plan", "make use of external funding before it lapses")
OPTION_TEXTS = ("to do nothing and retain the current arrangements", "to {action}", "to defer a decision for "
                "twelve months", "to deliver the service in-house", "to extend the current contract",
                "to commission the service jointly with a neighbouring authority", "to reduce the scope of the "
                "scheme")
OPTION_REJECTIONS = ("it would not deliver the savings required", "it would not meet the council's statutory "
                     "duties", "the risks were judged too high", "it was not affordable within the budget",
                     "it would delay improvements for residents", "the market testing showed no interest")
PRESSURE_CLAUSES = ("{pressure} continued to add to costs", "{pressure} remained a risk to the budget",
                    "the service faced pressure from {pressure}")
PROCURING = re.compile(r"Contract|Procure|Commission|Tender|Award|Replacement|Framework|Fleet")
STAGES = ("Options Appraisal", "Consultation Outcome", "Approval to Procure", "Decision Report", "Contract Award",
          "Progress Report", "Implementation Update", "Post-implementation Review")
CONSULTATION_TEXTS = ("Considered the report and supported the recommendations.",
                      "Scrutinised the report and asked that progress be reported in six months.",
                      "Considered the report and raised concerns about the timetable.",
                      "Supported the recommendations, subject to further engagement with ward members.")
DECLARATION_KINDS_OLD = ("personal", "personal and prejudicial")
DECLARATION_KINDS_NEW = ("disclosable pecuniary", "other registrable", "non-registrable")


class Need:
    """Features the archive must show at least once; the first chances to show them take them."""

    def __init__(self) -> None:
        self.verbs = list(m.VERBS)
        self.exempt = self.named_vote = self.table = self.called_in = self.tied = True


class Slots(dict):
    __slots__ = ("fns",)

    def __missing__(self, key: str) -> str:
        value = self[key] = self.fns[key]()
        return value


class TitleSet:
    """Titles already used in a meeting, compared as the site compares them (by their slug)."""

    def __init__(self, titles: Any = ()) -> None:
        self.slugs = {slugify(t) for t in titles}

    def __contains__(self, title: str) -> bool:
        return slugify(title) in self.slugs

    def add(self, title: str) -> None:
        self.slugs.add(slugify(title))


class Item:
    __slots__ = ("kind", "title", "number", "procedural", "topic", "subject", "issue", "paragraph", "extra")

    def __init__(self, kind: str, title: str = "", procedural: bool = False, **kw: Any):
        self.kind, self.title, self.procedural = kind, title, procedural
        self.number: Optional[str] = None
        self.topic = kw.get("topic")
        self.subject = kw.get("subject", "")
        self.issue = kw.get("issue")
        self.paragraph = kw.get("paragraph")
        self.extra = kw.get("extra")


class MeetingWriter:
    """Writes the meetings of one authority, one at a time, in date order."""

    def __init__(self, rng: random.Random, auth: Authority, need: Need, issues: dict[str, dict]):
        self.rng, self.auth, self.need, self.issues = rng, auth, need, issues
        self.items = self.decisions = 0
        self.previous: dict[str, dt.date] = {}
        self.fns = self._slot_functions()
        # current meeting and item
        self.d = START
        self.body: Body = auth.executive
        self.held = True
        self.topic: dict[str, Any] = TOPICS["finance"]
        self.subject = self.title = ""
        self.author = ("", "")
        self.cllrs: list[Person] = []
        self.voters: list[Person] = []
        self.officer_titles: list[str] = []
        self.exempt_numbers: list[str] = []
        self.used_facts: set[str] = set()
        self.used_places: set[str] = set()

    # -- text ----------------------------------------------------------------------------

    def fill(self, template: str) -> str:
        slots = Slots()
        slots.fns = self.fns
        return template.format_map(slots)

    def date_text(self, d: dt.date) -> str:
        return ordinal_date(d) if self.auth.date_style else long_date(d)

    def _slot_functions(self) -> dict[str, Callable[[], str]]:
        rng, auth = self.rng, self.auth
        ch, ri, fill = rng.choice, rng.randint, self.fill

        def cap(s: str) -> str:
            return s[:1].upper() + s[1:]

        def month_year(days_lo: int, days_hi: int) -> str:
            d = self.d + dt.timedelta(days=ri(days_lo, days_hi))
            return f"{MONTHS[d.month]} {d.year}"

        def other_body() -> str:
            others = [b for b in auth.bodies if b is not self.body and b.kind not in ("officer", "executive-member")]
            return ch(others).name if others else "Council"

        def company() -> str:
            return f"{ch(SURNAMES)} {ch(COMPANY_KINDS)}"

        def member_role() -> str:
            post = auth.portfolio_posts.get(self.topic["key"]) or auth.leader
            return "The " + post.title if post is not auth.leader else "The Leader of the Council"

        return {
            "author": lambda: self.author[1],
            "author2": lambda: auth.officer(TOPICS["finance"]["director"], self.d)[1],
            "report_did": lambda: fill(ch(REPORT_DID)),
            "the_subject": lambda: "the " + self.subject,
            "subject_short": lambda: self.subject.split(" – ")[0],
            "fy": lambda: fy_of(self.d), "next_fy": lambda: fy_of(self.d, 1), "prev_fy": lambda: fy_of(self.d, -1),
            "year_past": lambda: str(self.d.year - ri(1, 4)), "year_ahead": lambda: str(self.d.year + ri(1, 5)),
            "month_year": lambda: month_year(-400, -20), "month_year_ahead": lambda: month_year(60, 300),
            "my_next": lambda: f"{myear_of(self.d) + 1}/{(myear_of(self.d) + 2) % 100:02d}",
            "member_role_cap": member_role,
            "decider": lambda: self.body.name if self.body.kind != "council" else "Council",
            "decider_short": lambda: self.body.short,
            "fact": self._fact, "fact2": self._fact,
            "pressure": lambda: ch(self.topic["pressures"]),
            "pressure_clause": lambda: fill(ch(PRESSURE_CLAUSES)),
            "connector": lambda: ch(CONNECTORS),
            "n": lambda: str(ri(5, 60)), "n2": lambda: str(ri(5, 60)), "n_small": lambda: str(ri(2, 9)),
            "n_small2": lambda: str(ri(1, 6)), "big": lambda: f"{ri(120, 9800):,}", "big2": lambda: f"{ri(120, 9800):,}",
            "pct": lambda: str(ri(8, 92)), "pct2": lambda: str(ri(8, 92)), "pct3": lambda: str(ri(50, 95)),
            "pct_small": lambda: str(ri(1, 6)), "pct_big": lambda: str(ri(93, 99)), "digit": lambda: str(ri(0, 9)),
            "k": lambda: str(ri(5, 50)), "k_option": lambda: str(ri(1, 3)),
            "money": lambda: money_text(rng, 40_000, 4_000_000), "money2": lambda: money_text(rng, 40_000, 4_000_000),
            "money_small": lambda: money_text(rng, 150, 9_000),
            "money_big": lambda: money_text(rng, 5_000_000, 250_000_000),
            "line": lambda: ch(self.topic["lines"]).lower(),
            "an_over_under": lambda: ch(("an overspend", "an underspend")),
            "funding": lambda: ch(FUNDING),
            "finance_officer": lambda: auth.officer(TOPICS["finance"]["director"], self.d)[1],
            "finance_clause": lambda: fill(ch(FINANCE_CLAUSES)),
            "weeks": lambda: str(ri(4, 12)),
            "date_a": lambda: self.date_text(self.d - dt.timedelta(days=ri(90, 200))),
            "date_b": lambda: self.date_text(self.d + dt.timedelta(days=ri(20, 200))),
            "date_c": lambda: self.date_text(self.d - dt.timedelta(days=ri(14, 60))),
            "stakeholder": lambda: ch(self.topic["stakeholders"]),
            "stakeholder_cap": lambda: cap(ch(self.topic["stakeholders"])),
            "letter": lambda: ch("ABCD"), "ward": lambda: ch(auth.wards), "ward_view": lambda: ch(WARD_VIEWS),
            "place": self._place, "place2": self._place,
            "equality": lambda: ch(EQUALITY), "concern": lambda: ch(CONCERNS), "amendment": lambda: ch(AMENDMENTS),
            "portal": lambda: ch(PORTALS), "procedure": lambda: ch(PROCEDURES),
            "qp": lambda: ch(("60:40", "70:30", "50:50", "80:20")), "company": company,
            "social_value": lambda: ch(SOCIAL_VALUE[:3]), "social_value2": lambda: ch(SOCIAL_VALUE[3:]),
            "plan_name": lambda: ch(("Council Plan", "Corporate Plan", f"Council Plan {self.d.year - self.d.year % 4}"
                                     f"–{(self.d.year - self.d.year % 4 + 4) % 100:02d}", "Borough Strategy")),
            "contribution": lambda: fill(ch(("in particular in {ward}", "and would contribute to the target of "
                                             "{big} by {year_ahead}", "as set out in section {n_small} of the report",
                                             "alongside the work of {stakeholder}"))),
            "concern2": lambda: ch(CONCERNS), "service": lambda: ch(SERVICES), "service2": lambda: ch(SERVICES),
            "indicator_lower": lambda: ch(self.topic["indicators"]).lower(),
            "quartile": lambda: ch(QUARTILES), "comparators": lambda: ch(COMPARATORS),
            "failure_lead": lambda: ch(FAILURE_LEADS), "eia_when": lambda: fill(ch(EIA_WHEN)),
            "act": lambda: ch(ACTS), "duty": lambda: ch(DUTIES),
            "the_report": lambda: ch(("the report", "the proposals", "the recommendations")),
            "legal_officer": lambda: auth.officer(TOPICS["governance"]["director"], self.d)[1],
            "legal": lambda: fill(ch(LEGAL)), "risk": lambda: ch(RISKS), "risk2": lambda: ch(RISKS),
            "mitigation": lambda: fill(ch(MITIGATIONS)), "failure": lambda: fill(ch(FAILURES)),
            "none_area": lambda: ch(NONE_AREAS), "priority": lambda: ch(PRIORITIES),
            "cllr": lambda: ch(self.cllrs).label if self.cllrs else "A Member",
            "officer": lambda: ch(self.officer_titles) if self.officer_titles else self.author[1],
            "assurance": lambda: fill(ch(ASSURANCES)), "question": lambda: ch(QUESTIONS),
            "question_that": lambda: ch(QUESTIONS_THAT), "reply": lambda: ch(REPLIES), "praise": lambda: ch(PRAISE),
            "undertaking": lambda: ch(UNDERTAKINGS), "request": lambda: ch(REQUESTS),
            "discussion_points": lambda: ch(DISCUSSION_POINTS),
            "street": lambda: ch(auth.streets), "grade": lambda: ch(GRADES),
            "plan_ref": lambda: f"{(self.d.year - ri(1, 3)) % 100:02d}/{ri(100, 2999):05d}/FUL",
            "action": lambda: fill(ch(self.topic["actions"])),
            "action_bare": lambda: fill(ch(self.topic["actions"])),
            "other_body": other_body,
            "recommend_to": lambda: "Council" if self.body.kind in ("executive", "committee", "working-party")
            else "the " + auth.exec_word,
            "portfolio_holder": lambda: (auth.portfolio_posts.get(self.topic["key"]) or auth.leader).title,
            "defer_reason": lambda: ch(DEFER_REASONS), "withdraw_reason": lambda: ch(WITHDRAW_REASONS),
            "reason_body": lambda: ch(REASON_BODIES),
        }

    def _fact(self) -> str:
        """A fact about the topic not yet stated in this item, if there is one."""
        facts = self.topic["facts"]
        fresh = [f for f in facts if f not in self.used_facts]
        fact = self.rng.choice(fresh or facts)
        self.used_facts.add(fact)
        return self.fill(fact)

    def _place(self) -> str:
        fresh = [p for p in self.auth.localities if p not in self.used_places]
        place = self.rng.choice(fresh or self.auth.localities)
        self.used_places.add(place)
        return place

    def sentences(self, pool: tuple, k: int) -> list[str]:
        return [self.fill(t) for t in self.rng.sample(pool, min(k, len(pool)))]

    def narrative(self, target: int, table: Optional[tuple[str, dict]] = None, options: Optional[list] = None) -> str:
        rng = self.rng
        paras: list[str] = []
        opener = self.fill(rng.choice(OPENERS))
        if self.held:
            paras.append(opener)
        else:
            paras.append(f"The {self.body.name if self.body.kind != 'council' else 'Council'} will be asked to "
                         f"consider a report of the {self.author[1]} on {self.fill('{the_subject}')}.")
        words = sum(p.count(" ") + 1 for p in paras)
        groups = [BACKGROUND, FINANCE, CONSULTATION, PERFORMANCE, RISK]
        if PROCURING.search(self.subject + " " + self.title) or rng.random() < 0.25:
            groups.append(PROCUREMENT)
        rng.shuffle(groups)
        groups.insert(0, BACKGROUND)
        headings = rng.random() < 0.3
        names = {id(BACKGROUND): "Background", id(FINANCE): "Financial implications",
                 id(CONSULTATION): "Consultation", id(PROCUREMENT): "Procurement", id(PERFORMANCE): "Performance",
                 id(RISK): "Risks and legal implications"}
        used: set[int] = set()
        for group in groups:
            if words >= target:
                break
            if id(group) in used:
                continue
            used.add(id(group))
            lines = self.sentences(group, rng.randint(2, 4))
            if headings:
                paras.append("### " + names[id(group)])
            paras.append("\n".join(lines))
            words += sum(s.count(" ") + 1 for s in lines)
            if group is FINANCE and table is not None:
                paras.append(table[0])
                paras.append("```table\n" + yaml_text(table[1]) + "```")
                table = None
        if table is not None:
            paras.append(table[0])
            paras.append("```table\n" + yaml_text(table[1]) + "```")
        if options:
            paras.append(self.fill(rng.choice(OPTIONS_LEADS)))
            paras.append("\n".join(f"- {o['label']} – {o['text']}" + (";" if i < len(options) - 2 else
                                                                        "; or" if i == len(options) - 2 else ".")
                                   for i, o in enumerate(options)))
        if self.held and self.cllrs:
            lines = self.sentences(DISCUSSION, rng.randint(1, 3))
            if headings:
                paras.append("### Discussion")
            paras.append("\n".join(lines))
        elif not self.held:
            paras.append(f"The {self.body.short if self.body.kind != 'council' else 'Council'} will be asked to "
                         f"{self.fill('{action}')}.")
        return "\n\n".join(paras)

    # -- tables --------------------------------------------------------------------------

    def table(self) -> tuple[str, dict]:
        rng = self.rng
        kind = rng.randrange(5)
        fy = fy_of(self.d)
        lines = list(self.topic["lines"])
        rng.shuffle(lines)
        if kind == 0:
            rows: list[Any] = []
            grand = [0, 0, 0]
            split = max(1, len(lines) // 2)
            for name, section in (("Direct services", lines[:split]), ("Support services", lines[split:])):
                if not section:
                    continue
                rows.append({"section": name})
                sub = [0, 0, 0]
                for line in section:
                    budget = rng.randint(200, 25000)
                    forecast = budget + rng.randint(-budget // 12, budget // 8)
                    rows.append([line, budget, forecast, forecast - budget])
                    for j, v in enumerate((budget, forecast, forecast - budget)):
                        sub[j] += v
                        grand[j] += v
                rows.append({"total": [f"Total {name.lower()}", *sub], "of": "section"})
            rows.append({"total": ["Total", *grand], "of": "all"})
            table = {"caption": f"Revenue budget monitoring {fy}", "unit": "£000",
                     "columns": ["Service", {"label": "Budget", "numeric": True},
                                 {"label": "Forecast outturn", "numeric": True}, {"label": "Variance", "numeric": True}],
                     "rows": rows}
            return "The forecast position for each service was as follows:", table
        if kind == 1:
            rows, total, fte_total = [], 0, 0
            rows.append({"section": "Efficiencies"})
            for line in lines[:rng.randint(2, 5)]:
                v = rng.randint(10, 600)
                total += v
                fte = rng.randint(0, 8)
                if fte and rng.random() < 0.2:
                    cell: Any = {"value": fte, "text": f"{fte} (Estimated)"}
                elif fte:
                    cell = fte
                else:
                    cell = ""
                fte_total += fte
                rows.append([f"{line} – review of costs", v, cell])
            rows.append({"section": "Increased income"})
            v = rng.randint(20, 300)
            total += v
            rows.append(["Review of fees and charges", v, ""])
            rows.append({"total": ["Total savings options", total, fte_total], "of": "all"})
            table = {"caption": f"Savings options {fy}", "unit": "£000",
                     "columns": ["Option", {"label": "£000", "numeric": True}, {"label": "FTE", "numeric": True}],
                     "rows": rows}
            return "The options identified to meet the savings target were as follows:", table
        if kind == 2:
            years = [fy_of(self.d, k) for k in range(3)]
            rows, totals = [], [0, 0, 0, 0]
            for line in lines[:rng.randint(3, 6)]:
                vals = [rng.randint(0, 4000) for _ in years]
                vals.append(sum(vals))
                rows.append([f"{line} schemes", *vals])
                totals = [a + b for a, b in zip(totals, vals)]
            rows.append({"total": ["Total capital programme", *totals]})
            table = {"caption": "Capital programme", "unit": "£000",
                     "columns": ["Scheme", *({"label": y, "numeric": True} for y in years),
                                 {"label": "Total", "numeric": True}],
                     "rows": rows}
            return "The proposed capital programme was summarised as follows:", table
        if kind == 3:
            rows = []
            for ind in self.topic["indicators"]:
                target = rng.randint(40, 95)
                actual = round(target + rng.uniform(-15, 8), 1)
                rows.append([ind, target, actual, rng.choice(("Improving", "Declining", "Stable"))])
            table = {"caption": f"Key performance indicators, {fy}",
                     "columns": ["Indicator", {"label": "Target (%)", "numeric": True},
                                 {"label": "Actual (%)", "numeric": True}, "Direction of travel"],
                     "rows": rows}
            return "Performance against the key indicators was as follows:", table
        labels = ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree")
        counts = [rng.randint(5, 900) for _ in labels]
        total = sum(counts)
        tenths = [c * 1000 / total for c in counts]
        base = [int(t) for t in tenths]
        for i in sorted(range(len(base)), key=lambda i: (base[i] - tenths[i], i))[:1000 - sum(base)]:
            base[i] += 1
        rows = [[label, c, b / 10] for label, c, b in zip(labels, counts, base)]
        rows.append({"total": ["Total", total, 100.0]})
        table = {"caption": "Responses to the consultation",
                 "columns": ["Response", {"label": "Number", "numeric": True}, {"label": "Per cent", "numeric": True}],
                 "rows": rows, "notes": ["Percentages are of all responses to the question."]}
        return "Responses to the main consultation question were as follows:", table

    # -- people in the room --------------------------------------------------------------

    def attendance(self, body: Body, d: dt.date) -> tuple[dict, list[Person], list[Person], list[Person]]:
        """The attendance block, the councillors present, those who sent apologies, and who may vote."""
        rng, auth = self.rng, self.auth
        my = myear_of(d)
        c = cycle_of_myear(my)
        roles: dict[str, str] = {}
        chair: Optional[Person] = None
        officers: list[str] = []
        exec_holders = [auth.leader.at(my), *(p.at(my) for p in auth.portfolio_posts.values())]
        if body.kind == "council":
            members = list(auth.active[c])
            chair = auth.mayor.at(my)
            roles[auth.leader.at(my).id] = "Leader of the Council"
            for post in auth.portfolio_posts.values():
                roles.setdefault(post.at(my).id, post.title)
            roles.setdefault(auth.opposition.at(my).id, "Leader of the Opposition")
            roles[chair.id] = auth.council_chair + " (in the Chair)"
            officers = ["Chief Executive", TOPICS["governance"]["director"], TOPICS["finance"]["director"],
                        "Democratic Services Officer"]
        elif body.kind == "executive":
            members = list(dict.fromkeys(exec_holders))
            chair = members[0]
            roles[chair.id] = "Leader of the Council"
            for post in auth.portfolio_posts.values():
                roles.setdefault(post.at(my).id, post.title)
            officers = ["Chief Executive", TOPICS["finance"]["director"], TOPICS["governance"]["director"]]
            officers += [TOPICS[t]["director"] for t in rng.sample(body.topics, min(3, len(body.topics)))]
            officers.append("Democratic Services Officer")
        elif body.kind == "executive-member":
            holder = auth.portfolio_posts[body.portfolio].at(my)
            members = [holder, *(p.at(my) for p in body.spokes)]
            roles[holder.id] = auth.portfolio_posts[body.portfolio].title
            for p in body.spokes:
                roles.setdefault(p.at(my).id, p.title)
            t = TOPICS[body.portfolio]
            officers = [t["director"], *[o for o in t["officers"] if o in auth.officer_posts][:2],
                        TOPICS["finance"]["officers"][1], "Democratic Services Officer"]
        elif body.kind == "officer":
            members = []
            officers = [body.director]
        else:
            held_exec = {p.id for p in exec_holders}
            members = [p for p in body.members[c] if p.id not in held_exec or body.kind != "scrutiny-committee"]
            chair = body.chair_post.at(my)
            vice = body.vice_post.at(my)
            if chair not in members:
                members.insert(0, chair)
            roles[chair.id] = "Chair"
            if vice is not chair:
                if vice not in members:
                    members.insert(1, vice)
                roles[vice.id] = "Vice-Chair"
            t = TOPICS[body.topics[0]]
            officers = [t["director"], *[o for o in t["officers"] if o in auth.officer_posts][:rng.randint(1, 2)],
                        "Democratic Services Officer"]
        present, apologies, absent = [], [], []
        p_away = 0.1 if body.kind == "council" else 0.07
        for p in members:
            r = rng.random()
            if p is chair or (body.kind == "executive-member" and p is members[0]) or r >= p_away + 0.01:
                present.append(p)
            elif r < p_away:
                apologies.append(p)
            else:
                absent.append(p)

        def entry(p: Person) -> dict:
            e: dict[str, Any] = {"person": p.id}
            if p.id in roles:
                e["role"] = roles[p.id]
            if p is chair:
                e["chair"] = True
            return e

        block: dict[str, list] = {"present": [entry(p) for p in present]}
        voters = list(present)
        if body.kind in ("committee", "scrutiny-committee") and apologies:
            others = [p for p in auth.active[c] if p not in members]
            for away in apologies:
                if others and rng.random() < 0.45:
                    same = [p for p in others if p.party == away.party] or others
                    sub = rng.choice(same)
                    others.remove(sub)
                    block["present"].append({"person": sub.id, "substitute_for": away.id})
                    voters.append(sub)
        if voters and len(voters) > 4 and rng.random() < 0.05:
            leaver = rng.choice(voters[1:])
            for e in block["present"]:
                if e["person"] == leaver.id:
                    e["left_after"] = "ITEM"  # replaced by a real item number once numbers are known
        if apologies:
            block["apologies"] = [entry(p) for p in apologies]
        if absent:
            block["absent"] = [entry(p) for p in absent]
        in_att: list[dict] = []
        self.officer_titles = []
        seen_titles: set[str] = set()
        for title in officers:
            if title not in auth.officer_posts or title in seen_titles:
                continue
            seen_titles.add(title)
            person, as_held = auth.officer(title, d)
            if title != "Democratic Services Officer":
                self.officer_titles.append(as_held)
            e = {"person": person.id, "role": as_held}
            if body.kind in ("officer", "executive-member"):
                block["present"].append(e)
            else:
                in_att.append(e)
        if body.kind == "scrutiny-committee":
            for t in body.topics:
                post = auth.portfolio_posts.get(t)
                if post is not None and rng.random() < 0.5:
                    in_att.append({"person": post.at(my).id, "role": post.title})
        if body.kind == "executive":
            opp = auth.opposition.at(my)
            if rng.random() < 0.6 and opp not in members:
                in_att.append({"person": opp.id, "role": "Leader of the Opposition"})
        if body.id == "audit-and-governance-committee" and rng.random() < 0.7:
            in_att.append({"name": f"{rng.choice(OFFICER_HONORIFICS)} {rng.choice(GIVEN)[0]}. {rng.choice(SURNAMES)}",
                           "role": f"Engagement Lead, {rng.choice(SURNAMES)} {rng.choice(('LLP', 'Audit LLP'))}"})
        if in_att:
            block["in_attendance"] = in_att
        return block, present, apologies, voters

    # -- decisions -----------------------------------------------------------------------

    VERBS_BY_KIND = {
        "executive": ("AGREED", "NOTED", "RESOLVED", "APPROVED", "NOT APPROVED", "DEFERRED", "WITHDRAWN",
                      "REFERRED", "RECOMMENDED", "ENDORSED", "ADOPTED", "REJECTED", "DELEGATED", "CONSIDERED"),
        "executive-member": ("AGREED", "NOTED", "APPROVED", "NOT APPROVED", "DEFERRED", "WITHDRAWN", "ENDORSED",
                             "REJECTED", "DELEGATED", "CONSIDERED"),
        "officer": ("APPROVED", "AGREED", "NOT APPROVED", "REJECTED", "WITHDRAWN", "NOTED", "DEFERRED"),
        "council": ("RESOLVED", "ADOPTED", "APPROVED", "NOTED", "AGREED", "CARRIED", "LOST", "REFERRED", "DEFERRED",
                    "REJECTED", "DELEGATED"),
        "committee": ("RESOLVED", "APPROVED", "NOT APPROVED", "DEFERRED", "NOTED", "AGREED", "RECOMMENDED",
                      "REFERRED", "CARRIED", "LOST", "WITHDRAWN", "DELEGATED", "ADOPTED", "ENDORSED"),
        "scrutiny-committee": ("NOTED", "CONSIDERED", "RECOMMENDED", "REFERRED", "ENDORSED", "AGREED", "RESOLVED",
                               "CARRIED", "LOST", "DEFERRED"),
        "working-party": ("NOTED", "AGREED", "RECOMMENDED", "ENDORSED", "CONSIDERED", "DEFERRED"),
    }
    COMMON_VERBS = {
        "executive": ("AGREED", "AGREED", "APPROVED", "APPROVED", "RESOLVED", "NOTED", "DELEGATED", "RECOMMENDED",
                      "ENDORSED", "ADOPTED", "DEFERRED", "NOT APPROVED", "REFERRED"),
        "executive-member": ("AGREED", "AGREED", "APPROVED", "APPROVED", "NOTED", "NOTED", "ENDORSED",
                             "DELEGATED", "DEFERRED", "NOT APPROVED"),
        "officer": ("APPROVED", "APPROVED", "APPROVED", "AGREED", "NOTED", "NOT APPROVED"),
        "council": ("RESOLVED", "RESOLVED", "ADOPTED", "APPROVED", "AGREED", "NOTED"),
        "committee": ("RESOLVED", "RESOLVED", "APPROVED", "NOTED", "AGREED", "RECOMMENDED", "DEFERRED"),
        "scrutiny-committee": ("NOTED", "NOTED", "CONSIDERED", "RECOMMENDED", "REFERRED", "ENDORSED", "AGREED"),
        "working-party": ("NOTED", "NOTED", "AGREED", "RECOMMENDED", "ENDORSED", "CONSIDERED"),
    }
    LABELS = {"(i)": ROMAN, "(1)": tuple(f"({i})" for i in range(1, 9)), "(a)": tuple(f"({c})" for c in "abcdefgh"),
              "1.": tuple(f"{i}." for i in range(1, 9)), "a)": tuple(f"{c})" for c in "abcdefgh")}

    def pick_verb(self) -> str:
        kind = self.body.kind
        allowed = self.VERBS_BY_KIND[kind]
        for v in self.need.verbs:
            if v in allowed and (v not in ("LOST", "CARRIED") or len(self.voters) >= 3):
                self.need.verbs.remove(v)
                return v
        return self.rng.choice(self.COMMON_VERBS[kind])

    def labels(self) -> tuple[str, ...]:
        r = self.rng.random()
        key = self.auth.label_style if r < 0.6 else self.rng.choice(tuple(self.LABELS))
        return self.LABELS[key]

    def vote(self, result: str = "carried", named: bool = False, motion: Optional[str] = None,
             movers: bool = True) -> dict:
        rng, voters = self.rng, self.voters
        n = len(voters)
        if result == "tied":
            half = n // 2
            f, a = half, half
        elif result == "lost":
            a = rng.randint(n // 2 + 1, n)
            f = rng.randint(0, n - a)
        else:
            f = rng.randint(n // 2 + 1, n)
            a = rng.randint(0, n - f)
        ab = rng.randint(0, n - f - a) if rng.random() < 0.4 else 0
        v: dict[str, Any] = {}
        if motion:
            v["motion"] = motion
        if named:
            order = rng.sample(voters, n)
            v["for"] = [p.id for p in order[:f]]
            v["against"] = [p.id for p in order[f:f + a]]
            if ab:
                v["abstained"] = [p.id for p in order[f + a:f + a + ab]]
            self.need.named_vote = False
        else:
            v["for"], v["against"] = f, a
            if ab:
                v["abstained"] = ab
        v["result"] = result
        if movers and n >= 2:
            mover, seconder = rng.sample(voters, 2)
            v["mover"] = {"person": mover.id}
            v["seconder"] = {"person": seconder.id}
        return v

    def decision(self, verb: str, exec_like: bool, can_vote: bool) -> dict:
        rng, fill = self.rng, self.fill
        dec: dict[str, Any] = {}
        parts_mode = rng.random() < 0.3 and verb not in ("WITHDRAWN", "DEFERRED", "LOST", "CARRIED")
        if parts_mode and rng.random() < 0.5:
            labels = self.labels()
            n = rng.randint(2, 4)
            verbs = [verb] + [rng.choice(("NOTED", "AGREED", "APPROVED", "DELEGATED", "ENDORSED"))
                              for _ in range(n - 1)]
            parts = []
            for i, v in enumerate(verbs):
                text = fill(rng.choice(VERB_TEXTS[v]))
                parts.append({"label": labels[i], "verb": v, "text": text[:-1] + ("; and" if i == n - 2 else
                                                                                   ";" if i < n - 1 else ".")})
            if self.by:
                dec["by"] = self.by
            dec["parts"] = parts
        else:
            dec["verb"] = verb
            if self.by:
                dec["by"] = self.by
            if parts_mode:
                labels = self.labels()
                n = rng.randint(2, 4)
                parts = [{"label": labels[i], "text": "that " + fill(rng.choice(RESOLVED_PARTS))
                          + (";" if i < n - 1 else ".")} for i in range(n)]
                if rng.random() < 0.2:
                    sub = self.LABELS["(a)"] if labels[0] != "(a)" else ROMAN
                    k = rng.randint(2, 3)
                    parts[0]["parts"] = [{"label": sub[j], "text": fill(rng.choice(OPTION_TEXTS)).capitalize()
                                          + (";" if j < k - 1 else ".")} for j in range(k)]
                dec["parts"] = parts
            else:
                dec["text"] = fill(rng.choice(VERB_TEXTS[verb]))
        if exec_like:
            self._executive_record(dec, verb)
        if verb in ("LOST", "CARRIED") or (can_vote and (rng.random() < 0.35 or self.need.named_vote)):
            named = self.need.named_vote or rng.random() < 0.12
            motion_vote = verb in ("LOST", "CARRIED")
            if not motion_vote and not named and rng.random() < 0.15:
                dec["votes"] = [{"unanimous": True, "result": "carried"}]
            elif not motion_vote and (self.need.tied or rng.random() < 0.02):
                self.need.tied = False
                vote = self.vote("tied", named)
                if rng.random() < 0.6:  # the chair's casting vote decides it
                    vote["result"] = "carried"
                    dec["notes"] = ["The votes being equal, the Chair exercised a second or casting vote in favour."]
                dec["votes"] = [vote]
            else:
                dec["votes"] = [self.vote("lost" if verb == "LOST" else "carried", named)]
        return dec

    def _executive_record(self, dec: dict, verb: str) -> None:
        """The facts the 2012 Regulations require of an executive or officer decision record."""
        rng, fill, auth, d = self.rng, self.fill, self.auth, self.d
        dec["reasons"] = fill(rng.choice(REASONS))
        r = rng.random()
        if r < 0.45:
            chosen = rng.randrange(3)
            texts = rng.sample(OPTION_TEXTS[2:], 2)
            texts.insert(chosen, "to {action}" if verb in ("AGREED", "APPROVED", "RESOLVED", "DELEGATED")
                         else OPTION_TEXTS[0] if chosen else "to note the report and take no further action")
            dec["options"] = [{"label": f"Option {i + 1}", "text": fill(t), "outcome": "chosen" if i == chosen
                               else "rejected", **({} if i == chosen else {"reason": rng.choice(OPTION_REJECTIONS)
                                                                          .capitalize() + "."})}
                              for i, t in enumerate(texts)]
        else:
            dec["alternatives_rejected"] = fill("The alternative, {option}, was rejected because {why}.".replace(
                "{option}", rng.choice(OPTION_TEXTS[2:])).replace("{why}", rng.choice(OPTION_REJECTIONS)))
        r = rng.random()
        if r < 0.9 and not self.meeting_declared:
            dec["declarations"] = Raw("none")
        elif r > 0.94 and self.decider_person is not None:
            decl = {"person": self.decider_person.id, "interest": fill(rng.choice(INTEREST_TEXTS)),
                    "kind": rng.choice(DECLARATION_KINDS_NEW if d >= dt.date(2012, 7, 1) else DECLARATION_KINDS_OLD)}
            if rng.random() < 0.5:
                decl["dispensation"] = (f"A dispensation was granted by the Monitoring Officer on "
                                        f"{self.date_text(d - dt.timedelta(days=rng.randint(3, 30)))}.")
            dec["declarations"] = [decl]
        if rng.random() < 0.35:
            dec["key_decision"] = True
            dec["key_decision_reference"] = self.key_reference()
        elif rng.random() < 0.25:
            dec["key_decision"] = False
        if rng.random() < 0.7:
            published = add_working_days(d, rng.randint(1, 3))
            dec["made"] = d
            dec["published"] = published
            r = rng.random()
            if r < 0.1:
                dec["call_in"] = {"exempt_reason": "The decision is urgent: any delay would prejudice the council's "
                                                   "interests. The Chair of the Scrutiny Committee agreed that it "
                                                   "be exempt from call-in."}
                dec["effective_from"] = d
            else:
                deadline = add_working_days(published, auth.call_in_days)
                call_in: dict[str, Any] = {"deadline": deadline}
                if d < BUILD_DATE - dt.timedelta(days=90) and (self.need.called_in or r > 0.96):
                    self.need.called_in = False
                    scrutiny = auth.by_kind.get("scrutiny-committee", [auth.council])[0]
                    call_in["called_in"] = True
                    call_in["outcome"] = (f"Called in by {rng.randint(3, 7)} Members. The {scrutiny.name} considered "
                                          f"the decision on {self.date_text(deadline + dt.timedelta(days=rng.randint(5, 20)))} "
                                          f"and {rng.choice(('took no further action', 'referred it back to the decision maker', 'agreed that the decision be implemented'))}.")
                elif deadline < BUILD_DATE:
                    call_in["called_in"] = False
                dec["call_in"] = call_in
                dec["effective_from"] = add_working_days(deadline, 1)
        if rng.random() < 0.4:
            dec["wards"] = ["All"] if rng.random() < 0.5 else sorted(rng.sample(auth.wards, rng.randint(1, 2)))

    DECISION_KEYS = tuple(m.Decision.model_fields[f].alias or f for f in m.Decision.model_fields)

    def complete_record(self, dec: dict, it: Item) -> dict:
        """An executive or officer decision record gives its reasons, the alternatives considered and rejected,
        and declarations of interest (2012 Regulations, regs 12-13; 2014 Regulations, reg 7): records of
        procedural decisions say so in the words such forms use ("None.")."""
        if "reasons" not in dec:
            dec["reasons"] = {"minutes": "To confirm the record of the previous meeting.",
                              "exclusion": "The business to be considered involves exempt information.",
                              "standing": "To keep the implementation of earlier decisions under review."}.get(
                it.kind) or self.fill(self.rng.choice(REASONS))
        if "options" not in dec and "alternatives_rejected" not in dec:
            dec["alternatives_rejected"] = "None." if it.kind != "topic" else \
                self.fill("The alternative, " + self.rng.choice(OPTION_TEXTS[2:]) + ", was rejected because "
                          + self.rng.choice(OPTION_REJECTIONS) + ".")
        if "declarations" not in dec and not self.meeting_declared:
            dec["declarations"] = Raw("none")
        ordered = {k: dec[k] for k in self.DECISION_KEYS if k in dec}
        ordered.update(dec)
        return ordered

    def key_reference(self) -> str:
        auth, d = self.auth, self.d
        n = auth.count(("kd", d.year))
        return f"KD{d.year}/{n:03d}" if auth.kd_style == 0 else f"FP{n:03d}/{d.year % 100:02d}"

    def reference(self, dept: str) -> str:
        auth, y = self.auth, self.d.year
        if auth.ref_style == 0:
            return f"{dept}{y % 100:02d}{auth.count((dept, y)):03d}"
        if auth.ref_style == 1:
            return f"{dept}/{y}/{auth.count((dept, y)):03d}"
        return f"R{auth.count('report', 1000):04d}"

    def doc_url(self, title: str) -> str:
        self.auth.doc_number += self.rng.randint(1, 40)
        return f"{self.auth.website}documents/s{self.auth.doc_number}/{slugify(title)[:60]}.pdf"

    def person_ref(self, person: Person, title: str) -> dict:
        return {"person": person.id, "role": title} if self.rng.random() < 0.8 else {"role": title}

    def report(self, it: Item) -> dict:
        rng, fill, auth, d = self.rng, self.fill, self.auth, self.d
        rep: dict[str, Any] = {}
        if rng.random() < 0.7:
            rep["reference"] = self.reference(self.topic["dept"])
        if rng.random() < 0.5:
            rep["title"] = it.subject
        rep["author"] = self.person_ref(*self.author)
        if self.body.kind == "executive" and rng.random() < 0.05:
            scrutiny = [b for b in auth.by_kind.get("scrutiny-committee", []) if it.topic in b.topics]
            if scrutiny:
                rep["from_body"] = scrutiny[0].id
                rep["author"] = {"role": f"Chair of the {scrutiny[0].name}"}
        if rng.random() < 0.3:
            subs = [o for o in self.topic["officers"] if o in auth.officer_posts]
            if subs:
                rep["contact_officer"] = self.person_ref(*auth.officer(rng.choice(subs), d))
        if rng.random() < 0.3:
            rep["summary"] = fill("This report {report_did} {the_subject}. ") + fill("{fact}").capitalize() + "."
        if rng.random() < 0.25:
            rep["public"] = rng.choice(("Public", "Report public. Appendix exempt.", "Public report"))
        if rng.random() < 0.3:
            rep["wards"] = ["All"] if rng.random() < 0.5 else sorted(rng.sample(auth.wards, rng.randint(1, 3)))
        if self.body.kind in ("executive", "executive-member", "officer") and rng.random() < 0.3:
            rep["key_decision"] = rng.random() < 0.6
            if rep["key_decision"]:
                rep["key_decision_reference"] = self.key_reference()
        if rng.random() < 0.2:
            heads = rng.sample(("Financial", "Legal", "Equalities", "Risk Management", "Staffing",
                                "Sustainability", "Community Safety"), rng.randint(2, 4))
            pools = {"Financial": FINANCE, "Legal": RISK, "Equalities": CONSULTATION, "Risk Management": RISK,
                     "Staffing": RISK, "Sustainability": RISK, "Community Safety": RISK}
            rep["implications"] = [{"heading": h, "text": fill(rng.choice(pools[h]))} for h in heads]
        if rng.random() < 0.35 or not self.held:
            labels = self.labels()
            n = rng.randint(1, 4)
            rep["recommendations"] = [{"label": labels[i], "text": "that " + fill(rng.choice(RESOLVED_PARTS))
                                       + (";" if i < n - 1 else ".")} for i in range(n)]
        if rng.random() < 0.2:
            rep["reason_for_recommendations"] = fill(rng.choice(REASONS))
        docs = []
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(("appendix", "background-paper", "appendix"))
                title = (f"Appendix {rng.choice('ABCD')} – " if kind == "appendix" else "") + \
                    fill(rng.choice(("Equality Impact Assessment", "Consultation Report", "{subject_short}",
                                     "Business Case", "Risk Register", "Cabinet report of {month_year}")))
                docs.append({"title": title, "kind": kind, "url": self.doc_url(title)})
        if self.exempt_numbers and rng.random() < 0.6:
            number = self.exempt_numbers.pop(0)
            docs.append({"title": f"Appendix {rng.choice('BCDE')} – Commercial Information", "kind": "appendix",
                         "item": number, "exempt": {"paragraph": 3, "reason": SCHEDULE_12A[3]},
                         "note": f"Set out at item {number}."})
        if docs:
            rep["documents"] = docs
        if self.body.kind == "executive" and rng.random() < 0.2:
            scrutiny = [b for b in auth.by_kind.get("scrutiny-committee", []) if it.topic in b.topics]
            if scrutiny:
                rep["consultations"] = [{"body": scrutiny[0].id,
                                         "date": d - dt.timedelta(days=rng.randint(5, 25)),
                                         "text": rng.choice(CONSULTATION_TEXTS)}]
        return rep

    # -- items ---------------------------------------------------------------------------

    def plan(self, body: Body, d: dt.date, status: str, issue_ids: list[str]) -> list[Item]:
        rng, auth = self.rng, self.auth
        my = myear_of(d)
        total = rng.randint(3, 8)
        proc: list[Item] = []
        subs: list[Item] = []
        tail: list[Item] = []
        kind = body.kind
        previous = self.previous.get(body.id)
        if kind not in ("officer", "executive-member"):
            proc.append(Item("apologies", rng.choice(("Apologies for Absence", "Apologies for absence",
                                                      "Apologies and Substitutions" if kind == "committee"
                                                      else "Apologies")), True))
            if kind != "working-party":
                proc.append(Item("declarations", rng.choice(("Declarations of Interest", "Declarations of interest",
                                                             "Disclosures of Interest")), True))
            if previous is not None:
                proc.append(Item("minutes", "Notes of the Previous Meeting" if kind == "working-party" else
                                 rng.choice(("Minutes of the Previous Meeting", "Minutes", "Confirmation of Minutes")),
                                 True, extra=previous))
        if kind == "council" and rng.random() < 0.5:
            proc.append(Item("announcements", f"{auth.council_chair}'s Announcements", True))
        if kind == "council" and rng.random() < 0.35:
            proc.append(Item("questions", "Public Questions", True))
        if kind == "executive-member" and rng.random() < 0.7:
            proc.append(Item("standing", f"Monitoring of {auth.member_prefix} Decisions", True,
                             topic="governance", extra="monitoring"))
        subs_n = max(total - len(proc), 2 if total >= 4 else 1, len(issue_ids))
        titles = TitleSet(it.title for it in proc)  # an unnumbered item is known by its title

        def topic_item(topic: Optional[str] = None, issue: Optional[str] = None) -> Item:
            topic = topic or rng.choice(body.topics)
            self.topic = TOPICS[topic]
            if issue is not None:
                info = self.issues[issue]
                topic, self.topic = info["topic"], TOPICS[info["topic"]]
                n = info["stages"].get(auth.id, 0)
                info["stages"][auth.id] = n + 1
                k = min(n + rng.randint(0, 1), len(STAGES) - 1)
                title = f"{info['subject']} – {STAGES[k]}"
                while title in titles:  # two issues on the same subject at one meeting
                    k = (k + 1) % len(STAGES)
                    title = f"{info['subject']} – {STAGES[k]} ({rng.randint(2, 99)})"
                titles.add(title)
                return Item("topic", title, topic=topic, subject=info["subject"], issue=issue)
            for _ in range(6):
                subject = self.fill(rng.choice(self.topic["subjects"]))
                r = rng.random()
                title = subject if r < 0.5 else f"{subject} – {rng.choice(('Update', 'Annual Report', 'Review', 'Consultation Outcome', 'Progress Report'))}" \
                    if r < 0.85 else f"{subject} {fy_of(d, rng.randint(0, 1))}"
                if title not in titles:
                    break
            else:
                title = f"{subject} – Further Report {rng.randint(2, 99)}"
            titles.add(title)
            return Item("topic", title, topic=topic, subject=subject)

        for issue in issue_ids:
            subs.append(topic_item(issue=issue))
        if kind == "council":
            if _myear_start(my) <= d < _myear_start(my) + dt.timedelta(days=35):
                subs.insert(0, Item("election", f"Election of {auth.council_chair} for {my}/{(my + 1) % 100:02d}"))
            if d.month in (2, 3) and len(subs) < subs_n:
                subs.append(Item("budget", f"Revenue Budget, Capital Programme and Council Tax {fy_of(d, 1)}",
                                 topic="finance", subject=f"Revenue Budget and Council Tax {fy_of(d, 1)}"))
            for subject in rng.sample(MOTION_SUBJECTS, max(0, min(2, subs_n - len(subs) - 1))):
                subs.append(Item("motion", f"Notice of Motion – {subject}", subject=subject))
        elif body.topics == ("planning",) and kind == "committee":
            refs: set[str] = set()
            while len(subs) < subs_n - (1 if rng.random() < 0.2 else 0):
                ref = f"{d.year % 100:02d}/{rng.randint(100, 2999):05d}/{rng.choice(('FUL', 'FUL', 'OUT', 'REM', 'HOU', 'LBC', 'COU'))}"
                if ref in refs:
                    continue
                refs.add(ref)
                r = rng.random()
                street = rng.choice(auth.streets)
                address = f"{rng.randint(1, 240)} {street}" if r < 0.5 else f"Land at {street}" if r < 0.8 \
                    else f"Former {rng.choice(auth.localities)} Depot, {street}"
                subs.append(Item("planning", f"Planning Application {ref} – {address}", topic="planning",
                                 subject=address, extra=ref))
        elif body.id == "licensing-committee":
            while len(subs) < subs_n - 1:
                pub = f"The {rng.choice(PUB_NAMES)}, {rng.randint(1, 200)} {rng.choice(auth.streets)}"
                title = f"{rng.choice(('Application for a Premises Licence', 'Review of a Premises Licence', 'Application to Vary a Premises Licence'))} – {pub}"
                if title not in titles:
                    titles.add(title)
                    subs.append(Item("licensing", title, topic="community", subject=pub))
        if kind == "scrutiny-committee" and rng.random() < 0.6:
            tail.append(Item("standing", "Work Programme", extra="work-programme", topic="governance"))
        if kind == "executive" and rng.random() < 0.3:
            tail.append(Item("standing", "Forward Plan of Key Decisions", extra="forward-plan", topic="governance"))
        for it in subs + tail:
            titles.add(it.title)
        while len(subs) + len(tail) < subs_n:
            subs.append(topic_item())
        # exempt business, at the end, after the public are excluded
        exempt: list[Item] = []
        for _ in range(len(subs)):
            if self.need.exempt and subs_n >= 2 or rng.random() < 0.045:
                self.need.exempt = False
                p, template = rng.choice(EXEMPT_TITLES)
                self.topic = TOPICS[rng.choice(body.topics)]
                title = self.fill(template.replace("{service}", rng.choice(SERVICES)).replace(
                    "{subject}", rng.choice(self.topic["subjects"]).split(" for ")[0].replace("{place}", auth.place)
                    .replace("{street}", rng.choice(auth.streets))))
                if title not in titles:
                    titles.add(title)
                    exempt.append(Item("exempt", title, paragraph=p))
        if exempt:
            # an exempt item takes the place of a public one, so the agenda keeps its length
            while subs and len(subs) + len(exempt) > subs_n and not subs[-1].issue and subs[-1].kind == "topic":
                subs.pop()
            if kind not in ("officer", "executive-member"):
                tail.append(Item("exclusion", "Exclusion of the Press and Public", True,
                                 paragraph=sorted({e.paragraph for e in exempt})))
        items = proc + subs + tail + exempt
        if kind == "working-party" and rng.random() < 0.3:
            items.append(Item("aob", "Any Other Business", True))
        return items

    def number(self, items: list[Item], body: Body, d: dt.date, status: str) -> None:
        my = myear_of(d)
        style = body.style if status == "held" else ("per-meeting" if body.style != "none" else "none")
        k = 0
        for it in items:
            if style == "none" or (it.procedural and not body.number_procedural and status == "held"):
                continue
            if style == "lettered":
                if it.procedural:
                    continue
                it.number = LETTERS[k]
                k += 1
            elif style == "per-meeting":
                k += 1
                it.number = str(k)
            else:
                n = self.auth.count(("minute", body.id, my))
                if style == "plain":
                    it.number = str(n)
                elif style == "suffixed":
                    it.number = f"{n}/{my % 100:02d}"
                else:
                    it.number = f"{body.prefix}{n}/{my % 100:02d}"

    def compose(self, it: Item) -> tuple[Optional[dict], str, int]:
        """(facts, narrative, number of decisions) for one item."""
        self.used_facts.clear()
        self.used_places.clear()
        return getattr(self, "item_" + it.kind)(it)

    def item_apologies(self, it: Item) -> tuple[Optional[dict], str, int]:
        if not self.held:
            return None, "To receive apologies for absence" + (" and notification of substitutes."
                                                                if self.body.kind == "committee" else "."), 0
        if not self.apologies:
            return None, "No apologies for absence were received.", 0
        names = [p.label for p in self.apologies]
        text = "Apologies for absence were received from " + (
            names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]) + "."
        subs = [(e["person"], e["substitute_for"]) for e in self.front_attendance["present"] if "substitute_for" in e]
        for sub, away in subs:
            text += f"\n{self.people[sub].label} attended as a substitute for {self.people[away].label}."
        return None, text, 0

    def item_declarations(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng = self.rng
        if not self.held:
            return None, "Members are invited to declare any interests in items on the agenda.", 0
        if rng.random() < 0.75 or not self.cllrs:
            return {"declarations": Raw("none")}, rng.choice(("There were no declarations of interest.",
                                                              "No declarations of interest were made.", "")), 0
        decls = []
        lines = []
        others = [i for i in self.items_now if i.number and not i.procedural and i.kind != "exempt"]
        for p in rng.sample(self.cllrs, min(len(self.cllrs), rng.randint(1, 2))):
            target = rng.choice(others) if others else None
            interest = self.fill(rng.choice(INTEREST_TEXTS))
            where = f"in item {target.number} ({target.title}) as " if target else "as "
            who = "she" if p.honorific in ("Mrs", "Ms", "Miss") else "he" if p.honorific in ("Mr",) else "the Member"
            kind = rng.choice(DECLARATION_KINDS_NEW if self.d >= dt.date(2012, 7, 1) else DECLARATION_KINDS_OLD)
            left = kind in ("disclosable pecuniary", "personal and prejudicial")
            decl = {"person": p.id, "interest": f"{where}{who} {interest}.", "kind": kind}
            if left:
                decl["left_meeting"] = True
            decls.append(decl)
            lines.append(f"{p.label} declared {'a' if kind[0] not in 'aeiou' else 'an'} {kind} interest {where}"
                         f"{who} {interest}" + (", and left the meeting during its consideration." if left else "."))
        return {"declarations": decls}, "\n".join(lines), 0

    def item_minutes(self, it: Item) -> tuple[Optional[dict], str, int]:
        when = self.date_text(it.extra)
        if not self.held:
            return None, f"To approve the minutes of the meeting held on {when}.", 0
        verb = self.rng.choice(("RESOLVED", "RESOLVED", "AGREED", "APPROVED"))
        text = (f"that the minutes of the meeting held on {when} be approved as a correct record"
                if verb == "RESOLVED" else f"the minutes of the meeting held on {when} as a correct record")
        narrative = ""
        if self.rng.random() < 0.1:
            text += f", subject to the addition of {self.rng.choice(self.cllrs).label if self.cllrs else 'a Member'} " \
                    "to the list of those present"
            narrative = "A Member pointed out that their attendance had been omitted from the draft minutes."
        elif self.rng.random() < 0.3:
            narrative = "The Chair signed the minutes."
        return {"decisions": [{"verb": verb, "text": text + "."}]}, narrative, 1

    def item_announcements(self, it: Item) -> tuple[Optional[dict], str, int]:
        if not self.held:
            return None, f"To receive the {self.auth.council_chair}'s announcements.", 0
        text = self.fill("The {decider_short} noted the " + self.auth.council_chair + "'s recent engagements, "
                         "including a visit to {place} and a civic reception for local volunteers.")
        return None, text, 0

    def item_questions(self, it: Item) -> tuple[Optional[dict], str, int]:
        n = self.rng.randint(1, 6)
        text = (f"{n} question{'s' * (n != 1)} had been received from members of the public under the Council "
                f"Procedure Rules. The questions and the answers given are published with the agenda.")
        return None, text if self.held else "To receive any questions from members of the public.", 0

    def item_aob(self, it: Item) -> tuple[Optional[dict], str, int]:
        return None, "There was no other business." if self.held else "", 0

    def item_standing(self, it: Item) -> tuple[Optional[dict], str, int]:
        auth, rng = self.auth, self.rng
        facts: dict[str, Any] = {"standing": True}
        if it.extra == "monitoring":
            officer = auth.officer(TOPICS["governance"]["director"], self.d)
            facts["reports"] = [{"author": {"role": officer[1]}}]
            narrative = (f"The {officer[1]} submitted a report which contained monitoring information related to "
                         f"decisions taken at the {auth.member_prefix}'s previous meetings.")
            if self.held:
                facts["decisions"] = [{"verb": "NOTED", "by": self.by or f"The {auth.member_prefix}",
                                       "text": "the progress on decisions previously taken."}]
        elif it.extra == "work-programme":
            wanted = rng.sample(TOPICS[rng.choice(self.body.topics)]["subjects"], 2)
            narrative = self.fill("The {decider_short} considered its work programme for the remainder of the "
                                  f"municipal year. Members asked that items on the {wanted[0]} and the {wanted[1]} "
                                  "be added, and that {stakeholder} be invited to attend.")
            if self.held:
                facts["decisions"] = [{"verb": rng.choice(("AGREED", "NOTED")),
                                       "text": "the work programme, subject to the additions agreed at the meeting."}]
        else:
            narrative = ("The Forward Plan of key decisions for the next four months was submitted. "
                         f"It listed {rng.randint(4, 25)} key decisions.")
            if self.held:
                facts["decisions"] = [{"verb": "NOTED", "text": "the Forward Plan."}]
        if not self.held:
            narrative = narrative.replace("was submitted", "will be submitted")
        return facts, narrative, len(facts.get("decisions", ()))

    def item_exclusion(self, it: Item) -> tuple[Optional[dict], str, int]:
        paras = it.paragraph
        listed = ", ".join(map(str, paras[:-1])) + " and " + str(paras[-1]) if len(paras) > 1 else str(paras[0])
        plural = "paragraphs" if len(paras) > 1 else "paragraph"
        text = (f"that under Section 100A(4) of the Local Government Act 1972, the press and public be excluded from "
                f"the meeting for the following business on the grounds that it involves the likely disclosure of "
                f"exempt information as defined in {plural} {listed} of Part 1 of Schedule 12A to the Act.")
        if not self.held:
            return None, "To consider whether to exclude the press and public for the following business, " \
                         f"which involves exempt information as defined in {plural} {listed} of Part 1 of " \
                         "Schedule 12A to the Local Government Act 1972.", 0
        return {"decisions": [{"verb": "RESOLVED", "text": text}]}, "", 1

    def item_exempt(self, it: Item) -> tuple[Optional[dict], str, int]:
        facts: dict[str, Any] = {"exempt": {"paragraph": it.paragraph, "reason": SCHEDULE_12A[it.paragraph]}}
        return facts, "", 0

    def item_topic(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng, auth = self.rng, self.auth
        self.topic, self.subject, self.title = TOPICS[it.topic], it.subject, it.title
        director = self.topic["director"]
        if director not in auth.officer_posts:
            director = TOPICS["finance"]["director"]
        person, title = auth.officer(director, self.d)
        if self.body.kind == "officer":
            person, title = auth.officer(self.body.director, self.d)
        self.author = (person, title)
        facts: dict[str, Any] = {}
        if it.issue:
            facts["issues"] = [it.issue]
            self.issues[it.issue]["seen"].append((self.d, auth.id, self.body.name, it.title))
        if rng.random() < 0.85 or not self.held:
            facts["reports"] = [self.report(it)]
        decisions = []
        options = None
        if self.held:
            exec_like = self.body.kind in ("executive", "executive-member", "officer")
            can_vote = self.body.kind in ("council", "committee", "scrutiny-committee") and len(self.voters) >= 3
            for _ in range(1 if rng.random() < 0.85 else 2):
                decisions.append(self.decision(self.pick_verb(), exec_like, can_vote))
            for dec in decisions:
                if dec.get("options") and rng.random() < 0.5:
                    options = dec["options"]
            facts["decisions"] = decisions
        if self.body.kind != "officer" and rng.random() < 0.04 and self.cllrs:
            p = rng.choice(self.cllrs)
            facts["declarations"] = [{"person": p.id, "interest": self.fill(rng.choice(INTEREST_TEXTS)) + ".",
                                      "kind": "non-registrable" if self.d >= dt.date(2012, 7, 1) else "personal"}]
        if rng.random() < 0.2:
            facts["wards"] = ["All"] if rng.random() < 0.4 else sorted(rng.sample(auth.wards, rng.randint(1, 2)))
        if rng.random() < 0.03:
            facts["notes"] = [rng.choice(("The printed record gives no report reference for this item.",
                                          "The minutes do not record who moved the recommendation.",
                                          "The title is published as printed on the agenda."))]
        table = None
        if self.need.table or rng.random() < 0.13:
            self.need.table = False
            table = self.table()
        narrative = self.narrative(rng.randint(150, 400) if self.held else rng.randint(80, 200), table, options)
        return facts, narrative, len(decisions)

    def item_budget(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng, fill = self.rng, self.fill
        facts, narrative, n = self.item_topic(it)
        if not self.held:
            return facts, narrative, n
        band_d = rng.randint(1100, 2300) + rng.randint(0, 99) / 100
        labels = self.labels()
        parts = [f"the net revenue budget of {money_text(rng, 90_000_000, 400_000_000)} for {fy_of(self.d, 1)} be "
                 "approved", f"the council tax for a Band D property be set at £{band_d:,.2f}, an increase of "
                                f"{rng.choice(('1.99', '2.99', '3.99', '4.99'))}%",
                 "the capital programme set out at Appendix B be approved",
                 "the Treasury Management Strategy and Prudential Indicators be approved"]
        decision = {"verb": "RESOLVED", "parts": [{"label": labels[i], "text": f"that {p}" + (";" if i < 3 else ".")}
                                                  for i, p in enumerate(parts)],
                    "votes": [self.vote("carried", named=True, motion="The budget resolution")]}
        facts["decisions"] = [decision]
        narrative += ("\n\nIn accordance with the Local Authorities (Standing Orders) (England) (Amendment) "
                      "Regulations 2014, a recorded vote was taken on the budget resolution.")
        return facts, narrative, 1

    def item_election(self, it: Item) -> tuple[Optional[dict], str, int]:
        my = myear_of(self.d)
        elected = self.auth.mayor.at(my)
        if not self.held:
            return None, f"To elect the {self.auth.council_chair} for the municipal year {my}/{(my + 1) % 100:02d}.", 0
        vote: dict[str, Any] = {"motion": f"Nomination of {elected.label}", "unanimous": self.rng.random() < 0.7,
                                "result": "elected"}
        if len(self.voters) >= 2:
            mover, seconder = self.rng.sample([p for p in self.voters if p is not elected] or self.voters, 2) \
                if len(self.voters) > 2 else self.voters[:2]
            vote["mover"] = {"person": mover.id}
            vote["seconder"] = {"person": seconder.id}
        facts = {"decisions": [{"verb": "RESOLVED", "text": f"that {elected.label} be elected {self.auth.council_chair} "
                                                           f"of the Council for the municipal year {my}/{(my + 1) % 100:02d}.",
                                "votes": [vote]}]}
        narrative = (f"{elected.label} made the declaration of acceptance of office and thanked the Council for the "
                     "honour of the appointment.")
        return facts, narrative, 1

    def item_motion(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng = self.rng
        resolution = rng.choice(MOTION_RESOLUTIONS)
        if not self.held or len(self.voters) < 4:
            return None, f"To consider the following motion on {it.subject.lower()}: that this Council {resolution}.", 0
        mover, seconder, am_mover, am_seconder = rng.sample(self.voters, 4)
        decisions = []
        narrative = [f"{mover.label} moved and {seconder.label} seconded the following motion:",
                     f"> This Council notes the concerns of residents about {it.subject.lower()}, and resolves to "
                     f"{resolution}."]
        if rng.random() < 0.5:
            named = rng.random() < 0.2
            amendment = {"verb": "LOST", "text": f"the amendment moved by {am_mover.label}, which on being put to the "
                                                 "vote was declared lost.",
                         "votes": [{**self.vote("lost", named, motion="Amendment", movers=False),
                                    "mover": {"person": am_mover.id}, "seconder": {"person": am_seconder.id}}]}
            decisions.append(amendment)
            narrative.append(f"An amendment was moved by {am_mover.label} and seconded by {am_seconder.label}, to "
                             f"replace the final sentence with a request that the {self.auth.exec_word} "
                             f"{rng.choice(AMENDMENTS)}.")
        carried = rng.random() < 0.8
        vote = self.vote("carried" if carried else "lost", rng.random() < 0.15, motion="Substantive motion",
                         movers=False)
        vote["mover"], vote["seconder"] = {"person": mover.id}, {"person": seconder.id}
        decisions.append({"verb": "CARRIED" if carried else "LOST",
                          "text": f"the motion, which on being put to the vote was declared "
                                  f"{'carried' if carried else 'lost'}.", "votes": [vote]})
        return {"decisions": decisions}, "\n\n".join(narrative), len(decisions)

    def item_planning(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng, fill, auth = self.rng, self.fill, self.auth
        self.topic, self.subject = TOPICS["planning"], it.subject
        officer = auth.officer(rng.choice([t for t in ("Head of Planning", "Principal Planning Officer")
                                           if t in auth.officer_posts] or [TOPICS["planning"]["director"]]), self.d)
        self.author = officer
        development = fill(rng.choice(PLANNING_DEVELOPMENTS))
        ward = rng.choice(auth.wards)
        facts: dict[str, Any] = {"wards": [ward], "reports": [{"reference": it.extra, "title": f"{development} at "
                                                                                                f"{it.subject}",
                                                               "author": self.person_ref(*officer)}]}
        objections, support = rng.randint(0, 140), rng.randint(0, 30)
        concerns = rng.sample(("traffic and parking", "overlooking and loss of privacy", "the loss of trees",
                               "flood risk", "the scale of the buildings", "noise and disturbance",
                               "the effect on the conservation area", "pressure on local schools and surgeries"), 2)
        text = [f"The application sought planning permission for {development[0].lower() + development[1:]} at "
                f"{it.subject}, in {ward} ward.",
                f"The {officer[1]} presented the report and drew Members' attention to the update sheet. "
                f"{objections} letters of objection and {support} of support had been received; the objections "
                f"related mainly to {concerns[0]} and {concerns[1]}."]
        if not self.held:
            return facts, "\n\n".join(text), 0
        if rng.random() < 0.6:
            text.append(rng.choice(("An objector and the applicant's agent addressed the Committee.",
                                    "A representative of the parish council spoke against the application.",
                                    "The applicant addressed the Committee in support of the application.")))
        if self.cllrs:
            text.append("\n".join(fill(t) for t in rng.sample(PLANNING_DISCUSSION, rng.randint(1, 3))))
        r = rng.random()
        labels = self.LABELS["(1)"]
        if r < 0.62:
            conds = rng.sample(PLANNING_CONDITIONS, rng.randint(2, 5))
            dec = {"verb": "APPROVED", "text": "planning permission, subject to the following conditions:",
                   "parts": [{"label": labels[i], "text": f"that {c}" + (";" if i < len(conds) - 1 else ".")}
                             for i, c in enumerate(conds)]}
        elif r < 0.85:
            reason = rng.choice(REFUSAL_REASONS)
            dec = {"verb": "NOT APPROVED", "text": f"the application, as {reason}.",
                   "reasons": f"The Committee considered that {reason}, contrary to policy {rng.choice('DHEC')}"
                              f"{rng.randint(1, 30)} of the Local Plan."}
            if rng.random() < 0.5:
                dec["notes"] = ["The officers' recommendation was to approve the application; the Committee "
                                "refused it against that advice."]
        elif r < 0.95:
            dec = {"verb": "DEFERRED", "text": f"consideration of the application to allow {rng.choice(DEFER_REASONS)}."}
        else:
            dec = {"verb": "WITHDRAWN", "text": "the application was withdrawn by the applicant before the meeting."}
        if dec["verb"] != "WITHDRAWN" and len(self.voters) >= 3:
            if rng.random() < 0.2:
                dec["votes"] = [{"unanimous": True, "result": "carried"}]
            else:
                named = self.need.named_vote or rng.random() < 0.05
                dec["votes"] = [self.vote("carried", named)]
                mover = dec["votes"][0].get("mover")
                if mover:
                    text.append(f"It was moved by {self.people[mover['person']].label} and seconded by "
                                f"{self.people[dec['votes'][0]['seconder']['person']].label} that the application "
                                f"be {'approved' if dec['verb'] == 'APPROVED' else 'refused' if dec['verb'] == 'NOT APPROVED' else 'deferred'}.")
        if "notes" in dec:
            dec["notes"] = dec.pop("notes")
        facts["decisions"] = [dec]
        return facts, "\n\n".join(text), 1

    def item_licensing(self, it: Item) -> tuple[Optional[dict], str, int]:
        rng = self.rng
        self.topic = TOPICS["community"]
        officer = self.auth.officer("Licensing Manager", self.d) if "Licensing Manager" in self.auth.officer_posts \
            else self.auth.officer(TOPICS["community"]["director"], self.d)
        text = [f"The {officer[1]} presented the report on {it.title[0].lower() + it.title[1:]}. "
                f"{rng.randint(1, 25)} representations had been received from residents and responsible authorities, "
                "relating to the licensing objectives of the prevention of crime and disorder, public safety, the "
                "prevention of public nuisance and the protection of children from harm."]
        facts: dict[str, Any] = {"reports": [{"author": self.person_ref(*officer)}]}
        if not self.held:
            return facts, "\n\n".join(text), 0
        text.append(rng.choice(("The applicant and a representative of the police addressed the Committee.",
                                "Two residents addressed the Committee and described incidents of noise late at night.",
                                "The premises licence holder's solicitor addressed the Committee.")))
        verb = rng.choice(("APPROVED", "APPROVED", "REJECTED", "AGREED"))
        text_map = {"APPROVED": "the application, subject to the conditions agreed with the police and the additional "
                                "conditions set out in the decision notice.",
                    "REJECTED": "the application, as the Committee was not satisfied that the licensing objectives "
                                "would be promoted.",
                    "AGREED": "to modify the conditions of the licence and to reduce the hours for the sale of alcohol "
                              "to 11pm."}
        facts["decisions"] = [{"verb": verb, "text": text_map[verb],
                               "reasons": "The Committee had regard to the Statement of Licensing Policy and the "
                                          "guidance issued under section 182 of the Licensing Act 2003."}]
        return facts, "\n\n".join(text), 1

    # -- a meeting -----------------------------------------------------------------------

    def meeting(self, d: dt.date, body: Body, status: str, issue_ids: list[str]) -> str:
        rng, auth = self.rng, self.auth
        self.d, self.body = d, body
        self.held = held = status == "held"
        my = myear_of(d)
        front: dict[str, Any] = {"body": body.id, "date": d}
        if body.kind != "officer":
            front["time"] = body.time
            remote = dt.date(2020, 4, 4) <= d <= dt.date(2021, 5, 6)
            front["venue"] = "Remote meeting (Microsoft Teams)" if remote else body.venue
        front["status"] = status
        if status in ("cancelled", "postponed"):
            front["notes"] = [f"The meeting was {status}" + rng.choice((
                " as there was no business to transact.", " at the request of the Chair.",
                "; the business was taken at the next meeting."))]
            return "---\n" + yaml_text(front) + "---\n"
        if held:
            if body.kind in ("executive-member", "officer"):
                front["title"] = "Record of decisions"
                front["source"] = {"kind": "record-of-decisions" if body.kind == "executive-member"
                                   else "decision-notice"}
            else:
                front["source"] = {"kind": "minutes"}
            if rng.random() < 0.3:
                front["source"]["url"] = f"{auth.website}ieListDocuments.aspx?MId={auth.count('mid', 1000)}"
            block, present, apologies, voters = self.attendance(body, d)
            front["attendance"] = block
        else:
            front["source"] = {"kind": "agenda-item", "title": "Agenda"}
            present, apologies, voters = [], [], []
        self.people = {p.id: p for p in present + apologies + voters}
        self.cllrs = [p for p in present if p.kind == "councillor"]
        self.apologies = apologies
        self.voters = voters if body.kind in ("council", "committee", "scrutiny-committee") else []
        if not held:
            self.officer_titles = []
        self.front_attendance = front.get("attendance", {})
        self.by = None
        self.decider_person = None
        self.meeting_declared = False
        if held and body.kind in ("executive", "executive-member", "officer") and rng.random() < 0.35:
            front["declarations"] = Raw("none")  # one statement for the whole record
            self.meeting_declared = True
        if body.kind == "executive-member":
            post = auth.portfolio_posts[body.portfolio]
            self.decider_person = post.at(my)
            self.by = rng.choice((f"The {post.title}", f"The {auth.member_prefix}"))
        elif body.kind == "officer":
            person, title = auth.officer(body.director, d)
            self.decider_person, self.by = person, f"The {title}"
        elif body.kind == "executive" and rng.random() < 0.5:
            self.by = f"The {auth.exec_word}"
        items = self.plan(body, d, status, issue_ids)
        self.items_now = items
        self.number(items, body, d, status)
        self.exempt_numbers = [it.number for it in items if it.kind == "exempt" and it.number]
        # someone who left part-way: after a numbered item that is not the last
        numbered = [it.number for it in items if it.number]
        for e in front.get("attendance", {}).get("present", ()):
            if e.get("left_after") == "ITEM":
                if len(numbered) >= 2:
                    e["left_after"] = numbered[rng.randrange(len(numbered) - 1)]
                else:
                    del e["left_after"]
        if held and rng.random() < 0.15 and d < BUILD_DATE - dt.timedelta(days=30):
            front["published"] = d + dt.timedelta(days=rng.randint(3, 12))
        if held and body.kind == "council" and rng.random() < 0.08:
            front["documents"] = [{"title": "Council Procedure Rules", "kind": "other",
                                   "file": "constitution/council-procedure-rules.txt"}]
        elif rng.random() < 0.25:
            front["documents"] = [{"title": "Agenda", "kind": "agenda", "url": self.doc_url(f"agenda {d}")}]
            if held:
                front["documents"].append({"title": "Printed minutes" if body.kind not in ("officer", "executive-member")
                                           else "Decision notice", "kind": "minutes" if body.kind not in
                                           ("officer", "executive-member") else "decision-notice",
                                           "url": self.doc_url(f"minutes {d}")})
        out = ["---\n", yaml_text(front), "---\n\n"]
        when = f"{WEEKDAYS[d.weekday()]} {self.date_text(d)}"
        if held:
            if body.kind in ("executive-member", "officer"):
                out.append(f"A record of decisions made by the {self.by[4:] if self.by else body.name}, following "
                           "consideration of the matters detailed below.\n\n")
            else:
                out.append(f"Minutes of a meeting of the {body.name} held {'remotely' if 'Remote' in front.get('venue', '') else 'at ' + front['venue']} "
                           f"on {when} at {front['time']}.\n\n")
        else:
            if body.kind not in ("officer", "executive-member"):
                out.append(f"Notice is given that a meeting of the {body.name} will be held on {when} at "
                           f"{front.get('time', '10:00')}. Members of the public are welcome to attend.\n\n")
        for it in items:
            facts, narrative, n = self.compose(it)
            if facts and "decisions" in facts and body.kind in ("executive", "executive-member", "officer"):
                facts["decisions"] = [self.complete_record(dec, it) for dec in facts["decisions"]]
            self.decisions += n
            out.append(f"## {it.number}. {it.title}\n\n" if it.number else f"## {it.title}\n\n")
            if facts:
                out.append("```yaml\n" + yaml_text(facts) + "```\n\n")
            if narrative:
                out.append(narrative + "\n\n")
        self.items += len(items)
        self.previous[body.id] = d
        return "".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------------

class _Files:
    def __init__(self, root: Path):
        self.root, self.count, self.bytes = root, 0, 0
        self.dirs: set[Path] = set()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        parent = path.parent
        if parent not in self.dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self.dirs.add(parent)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.count += 1
        self.bytes += len(data)


def write_demo(content: Path, meetings: int, seed: int) -> dict:
    """Write a synthetic archive of `meetings` meetings into `content`; the same arguments give the same files.

    `content` is created if need be; give a new or empty folder (files already there are not removed, and
    the check would read them too). Meetings are written one at a time as they are generated.
    Returns counts: authorities, bodies, people, meetings, items, decisions, issues, files, and bytes written.
    """
    if meetings < 0:
        raise ValueError("meetings must be zero or more")
    content = Path(content)
    content.mkdir(parents=True, exist_ok=True)
    master = random.Random(seed)
    files = _Files(content)
    names, places = Names(), set()
    n_auth = max(3, math.ceil(meetings / MEETINGS_PER_AUTHORITY))
    auths = [Authority(random.Random(master.getrandbits(64)), names, places) for _ in range(n_auth)]
    per_auth = [meetings // n_auth + (1 if i < meetings % n_auth else 0) for i in range(n_auth)]

    # issues: about one per 20 meetings, some shared by neighbouring authorities
    issues: dict[str, dict] = {}
    by_auth: dict[int, list[str]] = {i: [] for i in range(n_auth)}
    n_issues = max(3, round(meetings / 20)) if meetings >= 20 else meetings // 6
    for _ in range(n_issues):
        a = master.randrange(n_auth)
        members = [a] if master.random() >= 0.2 else [a, (a + 1) % n_auth]
        common = [t for t in auths[a].portfolios if all(t in auths[b].portfolios for b in members)] \
            or auths[a].portfolios
        topic = master.choice(common)
        subject = master.choice(TOPICS[topic]["subjects"]).format(place=master.choice(auths[a].localities),
                                                                  street=master.choice(auths[a].streets))
        where = " and ".join(auths[b].place for b in members)
        title = f"{subject} ({where})"
        ident = names.take(slugify(title)[:72].strip("-"))
        issues[ident] = {"title": title, "subject": subject, "topic": topic, "authorities": [auths[b].id for b in members],
                         "stages": {}, "seen": [], "want": {b: master.randint(2, 5) for b in members}}
        for b in members:
            by_auth[b].append(ident)

    need = Need()
    totals = dict(authorities=n_auth, bodies=0, people=0, meetings=0, items=0, decisions=0)
    executive_ids: dict[str, str] = {}
    for i, auth in enumerate(auths):
        auth.build(names)
        executive_ids[auth.id] = auth.executive.id
        files.write(f"{auth.id}/authority.yaml", yaml_text(auth.record(seed)))
        for b in auth.bodies:
            files.write(f"{auth.id}/bodies/{b.id}.yaml", yaml_text(b.record()))
        for p in auth.people:
            files.write(f"{auth.id}/people/{p.id}.yaml", yaml_text(p.record()))
        files.write(f"{auth.id}/documents/constitution/council-procedure-rules.txt",
                    f"{auth.name}: Council Procedure Rules (synthetic extract).\n\n"
                    "1. The annual meeting of the council is held in May.\n"
                    "2. A motion on notice must be delivered to the Chief Executive seven clear working days "
                    "before the meeting.\n")
        totals["bodies"] += len(auth.bodies)
        totals["people"] += len(auth.people)
        calendar = auth.schedule(per_auth[i])
        slots: dict[int, list[str]] = {}
        usable = [k for k, (_, _, _, status) in enumerate(calendar) if status in ("held", "scheduled")]
        for ident in by_auth[i]:
            info = issues[ident]
            fitting = [k for k in usable if info["topic"] in calendar[k][1].topics
                       and calendar[k][1].kind != "committee"] if len(usable) > 1 else usable
            if len(fitting) < 2:
                fitting = usable
            want = min(info["want"][i], len(fitting))
            if want == 0:
                continue
            start = auth.rng.randrange(max(1, len(fitting) - want + 1))
            window = fitting[start:start + 3 * want]
            for k in sorted(auth.rng.sample(window, want)):
                slots.setdefault(k, []).append(ident)
        writer = MeetingWriter(auth.rng, auth, need, issues)
        for k, (d, body, slug, status) in enumerate(calendar):
            text = writer.meeting(d, body, status, slots.get(k, []))
            files.write(f"{auth.id}/meetings/{body.id}/{d.year}/{slug}.md", text)
        totals["meetings"] += len(calendar)
        totals["items"] += writer.items
        totals["decisions"] += writer.decisions
        auths[i] = None  # type: ignore[call-overload]  # the cast is no longer needed: free it

    for ident, info in issues.items():
        seen = sorted(info["seen"])
        record: dict[str, Any] = {"title": info["title"]}
        if seen:
            first, last = seen[0][0], seen[-1][0]
            bodies = list(dict.fromkeys(s[2] for s in seen))
            record["summary"] = (f"{info['subject']}: considered at {len(seen)} meeting{'s' * (len(seen) != 1)} "
                                 f"({', '.join(bodies)}) between {long_date(first)} and {long_date(last)}.")
        else:
            record["summary"] = f"{info['subject']}: a matter the council expects to consider."
        if seen and len(ident) % 2 == 0:
            auth_id = seen[0][1]
            record["events"] = [{"date": seen[0][0] - dt.timedelta(days=30 + len(ident) * 7),
                                 "authority": auth_id, "body": executive_ids[auth_id],
                                 "text": f"The Forward Plan first listed a key decision on {info['subject']}."}]
        if len(info["authorities"]) > 1:
            record["notes"] = ["The authorities considered the matter separately; each record is linked here."]
        files.write(f"issues/{ident}.yaml", yaml_text(record))
    totals["issues"] = len(issues)
    totals["files"] = files.count
    totals["bytes"] = files.bytes
    return totals
