using Pvtcoms.Fuzz;

return DriverCommand.Run(args, Console.Out, Console.Error);
